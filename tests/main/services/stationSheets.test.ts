/**
 * Main signs only what it can recount from its own records (issue 12, item 3): the sheet request
 * names a round, main counts it from its journal and signs that; a request carrying ballots and a
 * result of its own (what any caller used to get signed) is refused, and so is a round whose
 * records main lacks or whose box counts disagree with its check-ins.
 */
import { describe, expect, it } from 'vitest';
import { produceStationSheets } from '../../../main/services/stationSheets';
import { countFromJournal } from '../../../main/services/countFromJournal';
import { stationJournal } from '../../../main/services/journal';
import { countRound } from '../../../shared/rules/count';
import { signedScenarios, SIGNED_AT, STATION } from '../../shared/sheets/fixtures';
import { journalRound, packageFor } from '../../helpers/journaledCount';
import { tempDir } from './support';

const scenario = signedScenarios().find((s) => s.name.startsWith('01'))!;

describe('produceSheets signs main\'s own recount', () => {
  it('signs the round as the journal holds it, at main\'s own time', async () => {
    const dataDir = tempDir();
    await journalRound(dataDir, packageFor(scenario.input, 'real'), scenario.input);
    const produced = await produceStationSheets(dataDir, { round: 1, setup: { chair: '周建国', scrutineers: ['钱敏'] } }, { now: () => new Date('2026-12-06T10:00:00Z') });
    if (!produced.ok) throw new Error(JSON.stringify(produced.issues));
    const [signed] = produced.value.signedResults;
    expect(signed!.result).toEqual(countRound(scenario.input));
    expect(signed!.signedAt).toBe('2026-12-06T10:00:00.000Z');
  }, 60_000);

  it('refuses a request that brings its own election, ballots and result — invented ballots are never signed', async () => {
    const dataDir = tempDir();
    await journalRound(dataDir, packageFor(scenario.input, 'real'), scenario.input);
    const invented = {
      election: scenario.input.election,
      station: STATION,
      rounds: [{ kind: 'counted', input: { ...scenario.input, ballots: scenario.input.ballots.slice(0, 10) }, result: scenario.result }],
      signedAt: SIGNED_AT,
      setup: null,
    };
    const outcome = await produceStationSheets(dataDir, invented);
    expect(outcome.ok ? null : outcome.issues[0]?.code).toBe('schema.invalid');
    const withRound = await produceStationSheets(dataDir, { ...invented, round: 1 });
    expect(withRound.ok ? null : withRound.issues[0]?.code).toBe('schema.invalid');
  });

  it('refuses, naming what is missing, a round main has no records of', async () => {
    const empty = await produceStationSheets(tempDir(), { round: 1, setup: null });
    expect(empty.ok ? null : empty.issues[0]?.code).toBe('signature.recordsIncomplete');

    const dataDir = tempDir();
    await journalRound(dataDir, packageFor(scenario.input, 'real'), scenario.input);
    const later = await produceStationSheets(dataDir, { round: 2, setup: null });
    expect(later.ok ? null : later.issues[0]?.code).toBe('signature.recordsIncomplete');
    // A ballot withdrawn in the journal: one ballot fewer than the boxes held.
    await stationJournal(dataDir).append({ kind: 'withdrawal', record: { id: '1:A:w1', round: 1, entry: 'A', seq: 1, kind: 'withdrawal', withdraws: '1:A:1', at: 't', clerk: 'c', desk: 'd' } });
    const short = countFromJournal(dataDir, 1);
    expect(short.ok ? null : short.issues[0]).toMatchObject({ code: 'signature.recordsIncomplete', params: { round: 1 } });
  });

  it('refuses box counts that disagree with the journal\'s check-ins', async () => {
    const dataDir = tempDir();
    await journalRound(dataDir, packageFor(scenario.input, 'real'), { ...scenario.input, ballotsIssued: scenario.input.ballotsIssued });
    const boxes = { mainBox: scenario.input.ballotsRecovered, mobileBoxes: [], recovered: scenario.input.ballotsRecovered, issued: scenario.input.ballotsIssued + 5, registeredVoters: scenario.input.registeredVoters, doubleEntry: false, voidReason: null };
    await stationJournal(dataDir).append({ kind: 'count', record: { id: 'boxes-1', round: 1, kind: 'boxes', data: boxes, at: 't', clerk: 'c', desk: 'd' } });
    const outcome = await produceStationSheets(dataDir, { round: 1, setup: null });
    expect(outcome.ok ? null : outcome.issues[0]?.code).toBe('signature.recordsDisagree');
  });
});
