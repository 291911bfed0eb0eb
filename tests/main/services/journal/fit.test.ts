/**
 * Journal recovery refuses records that do not fit the stored election (issue 12, item 3): a
 * check-in of a voter not on the roll, a ballot naming a candidate not on the list or a position
 * the election does not have, a ballot of a round nobody voted in, a withdrawal of a ballot the
 * journal does not hold — and says what it refused. Before, all of them were restored.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeAllJournals, documentsFromJournal, importPackageJournaled, journalPath, pendingRecovery, prepareRecovery, readJournalFile, stationJournal } from '../../../../main/services/journal';
import { demoPackageText } from '../../../../main/services/demo';
import type { ElectionPackage } from '../../../../shared/election/schemas';
import { tempDir } from '../support';

afterAll(() => closeAllJournals());

const checkin = (voterId: string, round = 1) => ({ id: `${round}:${voterId}`, round, voterId, kind: 'inPerson', status: 'issued', issuedAt: 't', clerk: 'c', desk: 'd' });
const ballot = (seq: number, marks: unknown, round = 1) => ({ id: `${round}:A:${seq}`, round, entry: 'A', seq, kind: 'ballot', status: 'valid', marks, at: 't', clerk: 'c', desk: 'd' });

describe('journal recovery against the stored election', () => {
  it('refuses a voter not on the roll, a candidate not on the list, an unknown position or round, a withdrawal of no ballot — and lists them', async () => {
    const dataDir = tempDir('journal-fit-');
    const pkg = JSON.parse(demoPackageText()) as ElectionPackage;
    expect((await importPackageJournaled(demoPackageText(), { dataDir, reprovision: false })).ok).toBe(true);
    const position = pkg.election.positions[0]!;
    const candidate = position.candidates[0]!.id;
    const voter = pkg.roll.find((v) => v.status === 'registered')!.id;
    const journal = stationJournal(dataDir);
    await journal.append({ kind: 'checkin', record: checkin(voter) });
    await journal.append({ kind: 'checkin', record: checkin('not-on-roll') });
    await journal.append({ kind: 'ballot', record: ballot(1, { [position.id]: { for: [candidate], against: [], writeIns: [] } }) });
    await journal.append({ kind: 'ballot', record: ballot(2, { [position.id]: { for: ['p-invented'], against: [], writeIns: [] } }) });
    await journal.append({ kind: 'ballot', record: ballot(3, { 'no-such-position': { for: [candidate] } }) });
    await journal.append({ kind: 'ballot', record: ballot(1, { [position.id]: { for: [candidate] } }, 2) });
    await journal.append({ kind: 'ballot', record: ballot(1, {}, 9) });
    await journal.append({ kind: 'withdrawal', record: { id: '1:A:w9', round: 1, entry: 'A', seq: 9, kind: 'withdrawal', withdraws: '1:A:99', at: 't', clerk: 'c', desk: 'd' } });
    await journal.close();

    const recovered = documentsFromJournal(readJournalFile(journalPath(dataDir)).lines);
    expect(recovered.checkins.map((c) => c.voterId)).toEqual([voter]);
    expect(recovered.ballots.map((b) => b.id)).toEqual(['1:A:1']);
    expect(recovered.refused.map(({ kind, id, reason }) => [kind, id, reason])).toEqual([
      ['checkin', '1:not-on-roll', 'voterNotOnRoll'],
      ['ballot', '1:A:2', 'candidateNotOnList'],
      ['ballot', '1:A:3', 'unknownPosition'],
      ['ballot', '2:A:1', 'unknownRound'],
      ['ballot', '9:A:1', 'unknownRound'],
      ['withdrawal', '1:A:w9', 'unknownBallot'],
    ]);
    expect(recovered.refused[1]?.detail).toContain('p-invented');

    // The recovery the app is offered says so too.
    const prepared = prepareRecovery(dataDir);
    expect(prepared.refused).toHaveLength(6);
    const pending = pendingRecovery(dataDir)!;
    expect(pending.checkins).toBe(1);
    expect(pending.refused.map((r) => r.reason)).toContain('voterNotOnRoll');
  });
});
