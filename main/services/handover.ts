/**
 * The handover list (移交清单, issue 18), offered after certification: main recounts every round
 * from its own journal (archive/recount.ts), takes the package's template (or the default),
 * dates the list within the 3 days after the vote (shared/rules/handover.ts: a date outside is
 * refused, never printed), renders it with pdfmake and keeps a copy in DATA/handover/.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { handoverRequestSchema, type ProducedHandover } from '../../shared/bridge/handoverRequest';
import { sha256Hex } from '../../shared/crypto/hash';
import { handoverTemplateOf } from '../../shared/election/handoverTemplate';
import { issue, type Outcome } from '../../shared/election/issues';
import { electionTimeZone } from '../../shared/election/localTime';
import { handoverDaysLate, handoverDeadline } from '../../shared/rules/handover';
import { handoverListSheet } from '../../shared/sheets/handoverList';
import { archivesDir } from './archive/build';
import { recountLines } from './archive/recount';
import { journalPath, lastElectionMark, linesOfElection, readJournalFile } from './journal';
import { renderPdf } from '../../server/pdf/render';
import { runsDemo } from './pinning';
import { storedSignedRound } from './signedRounds';

/** The archive sealed last in `dataDir` (its id), or null. */
function latestArchiveId(dataDir: string): string | null {
  const dir = archivesDir(dataDir);
  let best: { id: string; mtime: number } | null = null;
  for (const name of readdirSync(dir)) {
    const match = /^([0-9a-f]{64})\.zip$/.exec(name);
    if (!match) continue;
    const mtime = statSync(join(dir, name)).mtimeMs;
    if (!best || mtime > best.mtime) best = { id: match[1]!, mtime };
  }
  return best?.id ?? null;
}

export async function produceHandover(dataDir: string, raw: unknown, options: { readonly now?: () => Date } = {}): Promise<Outcome<ProducedHandover>> {
  const parsed = handoverRequestSchema.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, issues: [issue('schema.invalid', [], { detail: parsed.error.issues[0]?.message ?? 'invalid handover request' })] };
  const lines = readJournalFile(journalPath(dataDir)).lines;
  const marker = lastElectionMark(lines);
  const recount = recountLines(linesOfElection(lines, marker?.electionHash ?? null));
  if (!recount.ok) return recount;
  const { pkg, rounds } = recount.value.count;
  const template = handoverTemplateOf(pkg);
  if (!template.ok) return template;
  const deadline = handoverDeadline(pkg.election.date, options.now?.() ?? new Date(), electionTimeZone(pkg.election));
  const date = parsed.data.date ?? deadline.today;
  // Before the vote there is nothing to hand over; after the deadline the handover still has to
  // happen: the list is printed, marked late, with a line for the reason (DECISIONS).
  if (date < pkg.election.date) {
    return { ok: false, issues: [issue('handover.outsidePeriod', ['date'], { date, voteDate: pkg.election.date })] };
  }
  const definition = handoverListSheet({
    election: pkg.election,
    station: pkg.station,
    template: template.value,
    handoverDate: date,
    daysLate: handoverDaysLate(pkg.election.date, date),
    rounds: rounds.map((round) => round.result),
    records: {
      ballotsByRound: rounds.map((round) => (round.kind === 'counted' ? round.input.ballots.length : round.result.stats.ballotsRecovered)),
      sheets: rounds.filter((round) => storedSignedRound(dataDir, marker!.electionHash, round.round) !== null).length,
      archiveId: latestArchiveId(dataDir),
    },
    demo: runsDemo(dataDir),
  });
  const bytes = await renderPdf(definition);
  const sha256 = sha256Hex(new Uint8Array(bytes));
  const dir = join(dataDir, 'handover');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, `${sha256}.pdf`), bytes, { mode: 0o600 });
  return { ok: true, value: { fileName: `移交清单-${pkg.station.id}-${date}.pdf`, date, deadline, sha256, base64: bytes.toString('base64') } };
}
