/**
 * Every round on paper, each signed once (issue 18): round 1 that calls a runoff gets its own
 * signed sheet showing the runoff; a second request for it returns the stored signature (same
 * time, same bytes); the final sheet carries round 1's signed result byte for byte; a journal
 * that no longer matches a signed round is refused, the stored signature left as it was.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countFromDocuments, countFromJournal } from '../../../main/services/countFromJournal';
import { documentsFromJournal, journalPath, readJournalFile, stationJournal } from '../../../main/services/journal';
import { storedSignedRound } from '../../../main/services/signedRounds';
import { produceStationSheets, sheetsDir } from '../../../main/services/stationSheets';
import { canonicalJson } from '../../../shared/crypto/canonical';
import { electionHash } from '../../../shared/crypto/hash';
import type { CountInput } from '../../../shared/election/schemas';
import { countRound } from '../../../shared/rules/count';
import { journalCountedRound, journalRound, packageFor } from '../../helpers/journaledCount';
import { loadScenarios } from '../../helpers/scenarios';
import { pdftotext } from './pdf/support';
import { tempDir } from './support';

const scenarios = loadScenarios();
const round1 = scenarios.find((s) => s.name.startsWith('05'))!.input as CountInput;
const round2 = scenarios.find((s) => s.name.startsWith('06'))!.input as CountInput;
const at = (iso: string) => () => new Date(iso);

async function twoRoundStation(): Promise<{ dataDir: string; pkg: ReturnType<typeof packageFor> }> {
  const dataDir = tempDir();
  const pkg = packageFor(round1, 'real');
  await journalRound(dataDir, pkg, round1);
  return { dataDir, pkg };
}

describe('each round signed once', () => {
  it('signs and prints round 1 that calls a runoff, with the runoff on its sheet, and never signs it again', async () => {
    const { dataDir, pkg } = await twoRoundStation();
    expect(countRound(round1).runoff).not.toBeNull();
    const first = await produceStationSheets(dataDir, { round: 1, setup: { chair: '周建国' } }, { now: at('2026-12-06T10:00:00Z') });
    if (!first.ok) throw new Error(JSON.stringify(first.issues));
    expect(first.value.signedResults).toHaveLength(1);
    const [signed1] = first.value.signedResults;
    expect(signed1!.result.round).toBe(1);
    expect(signed1!.result.runoff?.positions.length).toBeGreaterThan(0);
    expect(signed1!.signedAt).toBe('2026-12-06T10:00:00.000Z');
    expect(storedSignedRound(dataDir, electionHash(pkg.election), 1)).toEqual(signed1);

    const text = await pdftotext(join(sheetsDir(dataDir), first.value.files.sheet));
    expect(text).toContain('三、另行选举及说明');
    expect(text).toContain('须另行选举。另行选举候选人');
    for (const entry of signed1!.result.runoff!.positions) {
      const position = signed1!.result.positions.find((p) => p.id === entry.id)!;
      for (const person of entry.candidates) expect(text).toContain(position.tallies.find((t) => t.person === person)!.name);
    }
    // The runoff round's announcement says it too.
    expect(first.value.files.announcement).not.toBeNull();
    expect(await pdftotext(join(sheetsDir(dataDir), first.value.files.announcement!))).toContain('将另行选举');

    // Asked again an hour later: the stored signature, the very same sheet bytes.
    const again = await produceStationSheets(dataDir, { round: 1, setup: { chair: '周建国' } }, { now: at('2026-12-06T11:00:00Z') });
    if (!again.ok) throw new Error(JSON.stringify(again.issues));
    expect(again.value.signedResults[0]).toEqual(signed1);
    expect(again.value.sheetSha256).toBe(first.value.sheetSha256);

    // The runoff: the final sheet carries round 1's signed result exactly as it was signed.
    await journalCountedRound(dataDir, pkg, round2);
    const final = await produceStationSheets(dataDir, { round: 2, setup: { chair: '周建国' } }, { now: at('2026-12-06T14:00:00Z') });
    if (!final.ok) throw new Error(JSON.stringify(final.issues));
    const [carried, signed2] = final.value.signedResults;
    expect(canonicalJson(carried)).toBe(canonicalJson(signed1));
    expect(carried!.signature).toBe(signed1!.signature);
    expect(carried!.signedAt).toBe('2026-12-06T10:00:00.000Z');
    expect(signed2!.result.round).toBe(2);
    expect(signed2!.signedAt).toBe('2026-12-06T14:00:00.000Z');
    expect(signed2!.result).toEqual(countRound(round2));
    const stored = JSON.parse(readFileSync(join(sheetsDir(dataDir), `${final.value.sheetSha256}.json`), 'utf8')) as { sheetInput: { previousRounds: unknown[] } };
    expect(stored.sheetInput.previousRounds).toEqual([signed1!.result]);
  }, 120_000);

  it('signs rounds never printed before at the time of the sheet that first covers them', async () => {
    const { dataDir, pkg } = await twoRoundStation();
    await journalCountedRound(dataDir, pkg, round2);
    const final = await produceStationSheets(dataDir, { round: 2, setup: null }, { now: at('2026-12-06T14:00:00Z') });
    if (!final.ok) throw new Error(JSON.stringify(final.issues));
    expect(final.value.signedResults.map((signed) => signed.signedAt)).toEqual(['2026-12-06T14:00:00.000Z', '2026-12-06T14:00:00.000Z']);
    const round1Again = await produceStationSheets(dataDir, { round: 1, setup: null }, { now: at('2026-12-06T15:00:00Z') });
    if (!round1Again.ok) throw new Error(JSON.stringify(round1Again.issues));
    expect(round1Again.value.signedResults[0]!.signature).toBe(final.value.signedResults[0]!.signature);
  }, 120_000);

  it('refuses, leaving the stored signature as it was, when the journal no longer gives the signed round', async () => {
    const { dataDir, pkg } = await twoRoundStation();
    const first = await produceStationSheets(dataDir, { round: 1, setup: null }, { now: at('2026-12-06T10:00:00Z') });
    if (!first.ok) throw new Error(JSON.stringify(first.issues));
    const before = readFileSync(join(dataDir, 'signed-rounds', electionHash(pkg.election), 'round-1.json'), 'utf8');
    // Ballot 1 withdrawn and entered again as blank: the recount no longer gives the signed result.
    const journal = stationJournal(dataDir);
    await journal.append({ kind: 'withdrawal', record: { id: '1:A:w1', round: 1, entry: 'A', seq: 1, kind: 'withdrawal', withdraws: '1:A:1', at: 't', clerk: 'c', desk: 'd' } });
    await journal.append({ kind: 'ballot', record: { id: '1:A:81', round: 1, entry: 'A', seq: 81, kind: 'ballot', status: 'blank', at: 't', clerk: 'c', desk: 'd' } });
    expect(round1.ballots[0]!.status).not.toBe('blank');
    const refused = await produceStationSheets(dataDir, { round: 1, setup: null }, { now: at('2026-12-06T11:00:00Z') });
    expect(refused.ok ? null : refused.issues[0]).toMatchObject({ code: 'signature.signedRoundDiffers', params: { round: 1, signedAt: '2026-12-06T10:00:00.000Z' } });
    expect(readFileSync(join(dataDir, 'signed-rounds', electionHash(pkg.election), 'round-1.json'), 'utf8')).toBe(before);
  }, 120_000);
});

describe('the participation breakdown', () => {
  it('refuses a sheet whose 本人/委托/流动票箱 breakdown does not add up to the participants', async () => {
    const { dataDir } = await twoRoundStation();
    expect(countFromJournal(dataDir, 1).ok).toBe(true);
    const documents = documentsFromJournal(readJournalFile(journalPath(dataDir)).lines);
    // One check-in of a kind the breakdown does not know: the three lines no longer add up.
    const odd = documents.checkins.findIndex((c) => c.round === 1);
    const altered = { ...documents, checkins: documents.checkins.map((c, i) => (i === odd ? { ...c, kind: 'postal' as never } : c)) };
    const outcome = countFromDocuments(altered, 1);
    expect(outcome.ok ? null : outcome.issues[0]).toMatchObject({
      code: 'signature.participationDisagrees',
      params: { round: 1, inPerson: round1.participants - 1, proxy: 0, mobile: 0, sum: round1.participants - 1, participants: round1.participants },
    });
  });
});
