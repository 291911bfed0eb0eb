/** Where two results (or two JSON values) differ, as lines people read. */
import type { CountResult, ElectionDefinition } from '../../shared/election/schemas';
/** Where two JSON values differ, as lines a person reads: `positions[0].tallies[1].for: 50 ≠ 49`. */
function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

export function jsonDifferences(reported: unknown, recounted: unknown, limit = 20, path = ''): string[] {
  const out: string[] = [];
  walk(reported, recounted, path, out, limit);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: string[], limit: number): void {
  if (out.length >= limit || a === b) return;
  const here = path === '' ? '(root)' : path;
  const bothObjects = typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    out.push(`${here}: ${show(a)} ≠ ${show(b)}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${here}: ${a.length} ≠ ${b.length} entries`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out, limit);
    return;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
    walk(x[key], y[key], path === '' ? key : `${path}.${key}`, out, limit);
  }
}

// ---- Differences written for people (issue 14, item 5) ---------------------------------------


const STAT_LABELS: Readonly<Record<string, readonly [string, string]>> = {
  registeredVoters: ['登记选民', 'registered voters'],
  participants: ['参加投票', 'participants'],
  ballotsIssued: ['发出选票', 'ballots issued'],
  ballotsRecovered: ['收回选票', 'ballots recovered'],
  validBallots: ['有效票', 'valid ballots'],
  invalidBallots: ['无效票', 'invalid ballots'],
};

const VOTE_LABELS = { for: ['赞成', 'for'], against: ['反对', 'against'], abstain: ['弃权', 'abstain'] } as const;

/**
 * Where a station's signed result and the district recount differ, one line a person reads
 * for each: `主任 · 周建华 赞成票：站点结果 50，重新计票 49 / …`, never a JSON path. What has no
 * words here (an unexpected field) falls back to the path form.
 */
export function describeResultDifferences(reported: CountResult, recounted: CountResult, limit = 20): string[] {
  const out: string[] = [];
  const line = (zh: string, en: string, a: unknown, b: unknown) =>
    out.push(`${zh}：站点结果 ${show(a)}，重新计票 ${show(b)} / ${en}: station ${show(a)}, recount ${show(b)} (reported ≠ recount)`);
  if (reported.valid !== recounted.valid) line('本轮是否有效', 'round valid', reported.valid ? '有效' : '无效', recounted.valid ? '有效' : '无效');
  for (const [key, [zh, en]] of Object.entries(STAT_LABELS)) {
    const a = (reported.stats as Record<string, unknown>)[key];
    const b = (recounted.stats as Record<string, unknown>)[key];
    if (a !== b) line(zh, en, a, b);
  }
  const recountedPositions = new Map(recounted.positions.map((position) => [position.id, position]));
  for (const position of reported.positions) {
    const other = recountedPositions.get(position.id);
    const title = position.title ?? position.id;
    if (!other) {
      line(title, position.id, '有此职位', '无此职位');
      continue;
    }
    const theirs = new Map(other.tallies.map((tally) => [tally.person, tally]));
    for (const tally of position.tallies) {
      const match = theirs.get(tally.person);
      if (!match) {
        line(`${title} · ${tally.name}`, `${position.id} · ${tally.name}`, `${tally.for} 票`, '无此人');
        continue;
      }
      for (const vote of ['for', 'against', 'abstain'] as const) {
        const a = tally[vote];
        const b = match[vote];
        if (a !== b) line(`${title} · ${tally.name} ${VOTE_LABELS[vote][0]}票`, `${position.id} · ${tally.name}, ${VOTE_LABELS[vote][1]}`, a, b);
      }
      theirs.delete(tally.person);
    }
    for (const extra of theirs.values()) line(`${title} · ${extra.name}`, `${position.id} · ${extra.name}`, '无此人', `${extra.for} 票`);
    const names = new Map([...position.tallies, ...other.tallies].map((tally) => [tally.person, tally.name]));
    const elected = (ids: readonly string[]) => ids.map((id) => names.get(id) ?? id).join('、') || '无';
    if (canonical(position.elected) !== canonical(other.elected)) line(`${title} 当选`, `${position.id} elected`, elected(position.elected), elected(other.elected));
    if (position.threshold !== other.threshold) line(`${title} 当选线`, `${position.id} threshold`, position.threshold, other.threshold);
  }
  for (const position of recounted.positions) {
    if (!reported.positions.some((mine) => mine.id === position.id)) line(position.title ?? position.id, position.id, '无此职位', '有此职位');
  }
  if (out.length === 0) {
    // Nothing named differs: say where, in the path form.
    return jsonDifferences(reported, recounted, limit).map((found) => `result.${found}（上报 ≠ 重新计票 / reported ≠ recount）`);
  }
  return out.slice(0, limit);
}

const canonical = (ids: readonly string[]) => [...ids].sort().join('\u0001');

/** A ballot's marks as a person reads them: `周建华○ 林秀梅×；另选 王五○`, or 空白票. */
export function ballotMarksText(election: ElectionDefinition | null, doc: Record<string, unknown>, only?: ReadonlySet<string>): string {
  if (doc.kind === 'withdrawal') return '撤回';
  const marks = doc.marks as Record<string, { for?: unknown; against?: unknown; writeIns?: unknown }> | null | undefined;
  if (doc.status === 'blank' || marks === null || marks === undefined) return doc.status === 'invalid' ? '无效票' : '空白票';
  const name = new Map<string, string>();
  for (const position of election?.positions ?? []) for (const candidate of position.candidates) name.set(candidate.id, candidate.name);
  const parts: string[] = [];
  // In the election's order of positions, then any others.
  const order = new Map((election?.positions ?? []).map((position, i) => [position.id, i]));
  const entries = Object.entries(marks)
    .filter(([positionId]) => only === undefined || only.has(positionId))
    .sort(([a], [b]) => (order.get(a) ?? 99) - (order.get(b) ?? 99));
  for (const [positionId, mark] of entries) {
    const list = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
    const words = [...list(mark.for).map((id) => `${name.get(id) ?? id}○`), ...list(mark.against).map((id) => `${name.get(id) ?? id}×`), ...list(mark.writeIns).map((written) => `另选 ${written}○`)];
    const title = election?.positions.find((position) => position.id === positionId)?.title;
    if (words.length > 0) parts.push(title && (election?.positions.length ?? 0) > 1 ? `${title} ${words.join(' ')}` : words.join(' '));
  }
  return parts.length === 0 ? '未画票' : parts.join('；');
}
