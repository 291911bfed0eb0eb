import { describeIssue } from '../../../shared/election/issues';
import { describe, expect, it } from 'vitest';
import type { Voter } from '../../../shared/election/schemas';
import {
  ballotAccount,
  checkIssueBallot,
  checkProxy,
  checkReconciliation,
  checkSetup,
  checkTripDeparture,
  checkTripReturn,
  isCandidateVoter,
  reconciliationDifference,
  turnoutPercent,
  type ProxyRequest,
} from '../../../shared/rules/polling';
import type { CheckinRecord, MobileTripRecord, StationSetup } from '../../../shared/station/records';
import { demoElection } from '../../helpers/build';

const voter = (id: string, name: string, over: Partial<Voter> = {}): Voter => ({
  id, name, gender: 'M', birthDate: '1970-01-01', idTail: '1234', address: '1号楼', group: '第一居民小组', status: 'registered', ...over,
});
const election = demoElection();
/** The demo election with 王芳's package name written " 王芳 " (outer spaces). */
const spacedElection = { ...election, positions: election.positions.map((p) => ({ ...p, candidates: p.candidates.map((c) => (c.name === '王芳' ? { ...c, name: ' 王芳 ' } : c)) })) };
const codes = (issues: readonly { code: string }[]) => issues.map((i) => i.code);
const issued: CheckinRecord = { id: '1:v1', round: 1, voterId: 'v1', kind: 'inPerson', status: 'issued', issuedAt: '2026-12-06T08:01:00+08:00', clerk: '冯静', desk: '1号桌' };

describe('issuing a ballot', () => {
  it('refuses a second ballot with who, when and which desk of the first', () => {
    const refused = checkIssueBallot(voter('v1', '张三'), issued);
    expect(refused[0]).toMatchObject({ code: 'checkin.alreadyIssued', params: { name: '张三', desk: '1号桌', clerk: '冯静', at: issued.issuedAt } });
    expect(checkIssueBallot(voter('v1', '张三'), { ...issued, status: 'undone' })).toEqual([]);
  });
  it('refuses a struck voter and an unknown one', () => {
    expect(codes(checkIssueBallot(voter('v1', '张三', { status: 'struck', struckReason: '迁出' }), undefined))).toEqual(['checkin.voterStruck']);
    expect(codes(checkIssueBallot(undefined, undefined))).toEqual(['checkin.unknownVoter']);
  });
});

describe('proxies (委托投票)', () => {
  const base: ProxyRequest = {
    election, entrusting: voter('v1', '张三'), holder: voter('v2', '李四'), formNumber: 'WT-001', relationship: 'spouse',
    heldByHolder: 0, holderHasEntrusted: false, entrustingHoldsProxies: false, entrustingCheckin: undefined,
  };
  it('accepts a proper authorisation', () => expect(checkProxy(base)).toEqual([]));
  it('at most maxProxiesPerHolder per holder (default 3, 河北 2)', () => {
    expect(codes(checkProxy({ ...base, heldByHolder: 3 }))).toEqual(['proxy.holderFull']);
    expect(codes(checkProxy({ ...base, heldByHolder: 2, election: demoElection({ maxProxiesPerHolder: 2 }) }))).toEqual(['proxy.holderFull']);
  });
  it('a candidate never holds proxies', () => {
    expect(isCandidateVoter(election, voter('v3', '王芳', { gender: 'F' }))).toBe(true);
    expect(codes(checkProxy({ ...base, holder: voter('v3', '王芳', { gender: 'F' }) }))).toEqual(['proxy.holderIsCandidate']);
  });
  it('matches a candidate to the roll by the normalized name: a package name with outer spaces still matches', () => {
    expect(isCandidateVoter(spacedElection, voter('v3', '王芳', { gender: 'F' }))).toBe(true);
  });
  it('no passing on, no self-entrusting, a form number, close relatives where the profile says so', () => {
    expect(codes(checkProxy({ ...base, holderHasEntrusted: true }))).toEqual(['proxy.holderEntrusted']);
    expect(codes(checkProxy({ ...base, entrustingHoldsProxies: true }))).toEqual(['proxy.entrustingIsHolder']);
    expect(codes(checkProxy({ ...base, holder: base.entrusting }))).toContain('proxy.selfEntrust');
    expect(codes(checkProxy({ ...base, formNumber: ' ' }))).toEqual(['proxy.formNumberMissing']);
    expect(codes(checkProxy({ ...base, relationship: 'other' }))).toEqual([]);
    expect(codes(checkProxy({ ...base, relationship: 'other', election: demoElection({ proxyHolders: 'closeRelatives' }) }))).toEqual(['proxy.notCloseRelative']);
  });
  it('none in representative mode; not for a voter who already voted', () => {
    expect(codes(checkProxy({ ...base, election: { ...election, method: 'representative' } }))).toEqual(['proxy.notInRepresentativeMode']);
    expect(codes(checkProxy({ ...base, entrustingCheckin: issued }))).toEqual(['checkin.alreadyIssued']);
  });
});

describe('mobile ballot box (流动票箱)', () => {
  it('needs mobileBoxStaff staff and ballots from the stock', () => {
    expect(codes(checkTripDeparture(election, ['甲', '乙'], 10, 50))).toEqual(['trip.tooFewStaff']);
    expect(codes(checkTripDeparture(election, ['甲', '乙', '丙'], 51, 50))).toEqual(['trip.ballotsOut']);
    expect(checkTripDeparture(election, ['甲', '乙', '丙'], 10, 50)).toEqual([]);
  });
  it('at the return, served + brought back = taken out', () => {
    const trip: MobileTripRecord = { id: 't1', round: 1, ballotsOut: 10, staff: ['甲', '乙', '丙'], departedAt: 'x', status: 'out', clerk: '甲', desk: 'M' };
    expect(checkTripReturn(trip, 4, 6)).toEqual([]);
    expect(codes(checkTripReturn(trip, 4, 5))).toEqual(['trip.returnMismatch']);
    expect(codes(checkTripReturn({ ...trip, status: 'returned' }, 4, 6))).toEqual(['trip.notOut']);
  });
  it('ballots with a box still out are neither in stock nor issued', () => {
    const trip: MobileTripRecord = { id: 't1', round: 1, ballotsOut: 10, staff: [], departedAt: 'x', status: 'out', clerk: '甲', desk: 'M' };
    expect(ballotAccount({ stock: 100, issued: 30, spoiled: 2, trips: [trip], servedByTrip: new Map([['t1', 4]]) })).toEqual({
      stock: 100, issued: 30, spoiled: 2, withMobileBoxes: 6, left: 62,
    });
  });
});

describe('closing the polls', () => {
  it('issued + spoiled + unused = stock, or explained and signed off by the 总监票人', () => {
    expect(reconciliationDifference(100, 60, 2, 38)).toBe(0);
    expect(reconciliationDifference(100, 60, 2, 37)).toBe(-1);
    const chief = '孙志强';
    expect(checkReconciliation({ difference: 0, chiefScrutineer: chief })).toEqual([]);
    expect(codes(checkReconciliation({ difference: -1, explanation: '少一张', chiefScrutineer: chief }))).toEqual(['reconcile.needsSignOff']);
    expect(codes(checkReconciliation({ difference: -1, explanation: '少一张', signedOffBy: '钱敏', chiefScrutineer: chief }))).toEqual(['reconcile.signOffNotChief']);
    expect(checkReconciliation({ difference: -1, explanation: '少一张', signedOffBy: chief, chiefScrutineer: chief })).toEqual([]);
  });
  it('turnout in percent', () => expect(turnoutPercent(1234, 3000)).toBe(41.1));
});

describe('station setup', () => {
  const setup: StationSetup = {
    chair: '周建国', chiefScrutineer: '孙志强', scrutineers: ['钱敏'], callers: ['吴磊'], recorders: ['郑洁'], checkinClerks: ['冯静'],
    ballotStock: 100, emptyBoxCheckedBy: '孙志强', emptyBoxCheckedAt: 'x',
  };
  it('at least 3 staff and 2 scrutineers', () => {
    expect(checkSetup(setup, election)).toEqual({ errors: [], warnings: [] });
    expect(codes(checkSetup({ ...setup, scrutineers: [] }, election).errors)).toEqual(['setup.missingRole', 'setup.tooFewScrutineers']);
    const tiny = { ...setup, chair: '甲', chiefScrutineer: '甲', scrutineers: ['乙'], callers: ['甲'], recorders: ['乙'], checkinClerks: ['甲'] };
    expect(codes(checkSetup(tiny, election).errors)).toEqual(['setup.tooFewStaff']);
  });
  it('refuses a ballot stock the station database could not store (over the shared limit), saying so', () => {
    const check = checkSetup({ ...setup, ballotStock: 20_000_000 }, election);
    expect(check.errors.map((found) => [found.code, found.path])).toEqual([['schema.tooBig', ['ballotStock']]]);
    expect(describeIssue(check.errors[0]!, 'en')).toBe('Ballot stock is too large or too long (maximum 10000000)');
  });
  it('refuses a staff name holding an invisible or direction-changing character, naming the person in words', () => {
    const check = checkSetup({ ...setup, chair: '周\u200D建国', callers: ['吴磊', '钱\u202E敏'] }, election);
    expect(check.errors.map((found) => [found.code, found.path])).toEqual([
      ['name.invisibleCharacter', ['chair']],
      ['name.invisibleCharacter', ['callers', 1]],
    ]);
    expect(describeIssue(check.errors[1]!, 'zh-CN')).toContain('第 2 位唱票人');
    expect(describeIssue(check.errors[1]!, 'en')).toContain('Caller 2');
  });
  it('warns (does not block) when a counting role has a candidate\'s name', () => {
    const check = checkSetup({ ...setup, callers: ['王芳'] }, election);
    expect(check.errors).toEqual([]);
    expect(check.warnings[0]).toMatchObject({ code: 'setup.candidateInCountingRole', params: { role: 'callers', name: '王芳' } });
    expect(checkSetup({ ...setup, callers: ['王芳'] }, spacedElection).warnings.map((w) => w.code)).toEqual(['setup.candidateInCountingRole']);
  });
});

describe('double entry', () => {
  it('equal readings agree whatever the order of marks; differences and gaps are listed', async () => {
    const { compareEntries } = await import('../../../shared/rules/doubleEntry');
    const valid = (seq: number, forList: string[], writeIns: string[] = []) => ({ seq, status: 'valid' as const, marks: { member: { for: forList, against: [], writeIns } } });
    const a = [valid(1, ['x', 'y']), valid(2, ['x'], ['赵六']), { seq: 3, status: 'blank' as const }, valid(4, ['y'])];
    const b = [valid(1, ['y', 'x']), valid(2, ['x'], [' 赵六']), valid(3, ['x'])];
    expect(compareEntries(a, b).map((d) => d.seq)).toEqual([3, 4]);
  });
});
