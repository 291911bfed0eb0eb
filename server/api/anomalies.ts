/**
 * What the dashboard flags per station (issue 14, item 5), each with its numbers and links to
 * the records behind it (`/api/records?…`): turnout over 100 %, check-ins ≠ ballots in the box,
 * issued + spoiled + unused ≠ stock, a recount ≠ the signed result, attempted rewrites of a
 * stored ballot, a station silent too long while polls are open. Pure: overview.ts reads the rows.
 */
import type { ElectionDefinition } from '../../shared/election/schemas';
import { ballotMarksText } from '../results/differences';
import type { Anomaly, Phase, RecordLink } from './types';

/** Minutes without contact, while polls are open, before a station is flagged silent. */
export const DEFAULT_SILENT_MINUTES = 15;

export interface StationFacts {
  readonly id: string;
  readonly election: ElectionDefinition | null;
  readonly registeredVoters: number | null;
  readonly issuedByRound: ReadonlyMap<number, number>;
  /** countRecords `boxes-R`: the ballots found in the boxes of round R. */
  readonly boxes: readonly { readonly id: string; readonly data: Record<string, unknown> }[];
  /** reconciliation `round-R`: the ballot account at the close. */
  readonly reconciliations: readonly { readonly id: string; readonly data: Record<string, unknown> }[];
  readonly results: readonly { readonly round: number; readonly status: string; readonly difference: readonly string[] | null }[];
  /** Refused rewrites of stored ballots: the stored state and the one sent. */
  readonly rewrites: readonly { readonly id: string; readonly stored: Record<string, unknown>; readonly attempted: Record<string, unknown> }[];
  readonly phase: Phase;
  readonly lastContact: Date | null;
}

export function recordsLink(label: string, station: string, collection: string, id?: string): RecordLink {
  const query = new URLSearchParams({ station, collection, ...(id === undefined ? {} : { id }) });
  return { label, href: `/api/records?${query.toString()}` };
}

const int = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);
const roundOf = (id: string, prefix: string): number => Number(id.slice(prefix.length));
/** 多 N 张 / 少 N 张: how far a count is from what it should be (never 差 -N). */
const offBy = (n: number) => (n > 0 ? `多 ${n} 张` : `少 ${-n} 张`);

/** The positions whose marks differ between two states of a ballot (all of them when either has none). */
function changedPositions(a: Record<string, unknown>, b: Record<string, unknown>): ReadonlySet<string> | undefined {
  const marksOf = (doc: Record<string, unknown>) => (typeof doc.marks === 'object' && doc.marks !== null ? (doc.marks as Record<string, unknown>) : null);
  const x = marksOf(a);
  const y = marksOf(b);
  if (x === null || y === null || a.status !== b.status) return undefined;
  const changed = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((id) => JSON.stringify(x[id]) !== JSON.stringify(y[id]));
  return changed.length === 0 ? undefined : new Set(changed);
}

export function stationAnomalies(facts: StationFacts, now: number, silentMinutes = DEFAULT_SILENT_MINUTES): Anomaly[] {
  const out: Anomaly[] = [];
  const { id } = facts;

  if (facts.registeredVoters !== null && facts.registeredVoters > 0) {
    for (const [round, issued] of [...facts.issuedByRound.entries()].sort(([a], [b]) => a - b)) {
      if (issued <= facts.registeredVoters) continue;
      const percent = ((issued / facts.registeredVoters) * 100).toFixed(1);
      out.push({
        kind: 'turnoutOver100',
        round,
        text: `投票率 ${percent}%：第 ${round} 轮已发票 ${issued} 张，登记选民只有 ${facts.registeredVoters} 人`,
        numbers: { issued, registeredVoters: facts.registeredVoters },
        links: [recordsLink('领票记录', id, 'checkins')],
      });
    }
  }

  for (const doc of facts.boxes) {
    const round = roundOf(doc.id, 'boxes-');
    // A count record carries the opened boxes in its own `data` (shared/station/countInput.ts).
    const opened = doc.data.data;
    const inBox = typeof opened === 'object' && opened !== null ? int((opened as Record<string, unknown>).recovered) : null;
    if (inBox === null) continue;
    const checkins = facts.issuedByRound.get(round) ?? 0;
    if (checkins === inBox) continue;
    out.push({
      kind: 'checkinsVsBox',
      round,
      text: `第 ${round} 轮：领票 ${checkins} 人，票箱内选票 ${inBox} 张（票箱${offBy(inBox - checkins)}）`,
      numbers: { checkins, inBox },
      links: [recordsLink('领票记录', id, 'checkins'), recordsLink('开箱清点记录', id, 'countRecords', doc.id)],
    });
  }

  for (const doc of facts.reconciliations) {
    const round = roundOf(doc.id, 'round-');
    const [stock, issued, spoiled, unused] = [doc.data.stock, doc.data.issued, doc.data.spoiled, doc.data.unused].map(int);
    if (stock === null || issued === null || spoiled === null || unused === null || stock === undefined || issued === undefined || spoiled === undefined || unused === undefined) continue;
    const sum = issued + spoiled + unused;
    if (sum === stock) continue;
    const explanation = typeof doc.data.explanation === 'string' && doc.data.explanation !== '' ? `；站点说明：${doc.data.explanation.slice(0, 200)}` : '';
    out.push({
      kind: 'ballotAccount',
      round,
      text: `第 ${round} 轮选票账：发出 ${issued} + 作废 ${spoiled} + 未用 ${unused} = ${sum}，领到选票 ${stock} 张（${offBy(sum - stock)}）${explanation}`,
      numbers: { issued, spoiled, unused, stock },
      links: [recordsLink('选票账', id, 'reconciliation', doc.id)],
    });
  }

  for (const result of facts.results) {
    if (result.status !== 'disagrees') continue;
    const lines = result.difference ?? [];
    out.push({
      kind: 'recountDiffers',
      round: result.round,
      text: `第 ${result.round} 轮：区里重新计票与站点签名的结果不符（${lines.length} 处）`,
      numbers: { differences: lines.length },
      details: lines.slice(0, 5).map((line) => line.split(' / ')[0]!),
      links: [recordsLink('选票记录', id, 'ballots'), recordsLink('计票记录', id, 'countRecords')],
    });
  }

  if (facts.rewrites.length > 0) {
    const shown = facts.rewrites.slice(0, 5).map((rewrite) => {
      const seq = int(rewrite.stored.seq);
      const which = seq === null ? `选票 ${rewrite.id}` : `第 ${seq} 号选票`;
      // Only the positions whose marks differ: 第 3 号选票：站点记录 主任 张三○，改写为 主任 张三×.
      const changed = changedPositions(rewrite.stored, rewrite.attempted);
      return `${which}：站点记录 ${ballotMarksText(facts.election, rewrite.stored, changed)}，改写为 ${ballotMarksText(facts.election, rewrite.attempted, changed)}（未采用）`;
    });
    out.push({
      kind: 'rewriteAttempt',
      text: `有人试图改写已存的选票 ${facts.rewrites.length} 次（改写未采用，原记录保留）`,
      numbers: { attempts: facts.rewrites.length },
      details: shown,
      links: facts.rewrites.slice(0, 5).map((rewrite) => recordsLink(rewrite.id, id, 'ballots', rewrite.id)),
    });
  }

  if (facts.phase === 'polling') {
    const minutes = facts.lastContact === null ? null : Math.floor((now - facts.lastContact.getTime()) / 60_000);
    if (minutes === null || minutes > silentMinutes) {
      out.push({
        kind: 'silent',
        text: minutes === null ? `投票进行中，但从未与区里联系` : `投票进行中，已 ${minutes} 分钟没有联系（超过 ${silentMinutes} 分钟）`,
        numbers: { minutes: minutes ?? -1, limit: silentMinutes },
        links: [recordsLink('投票日状态', id, 'machine')],
      });
    }
  }
  return out;
}
