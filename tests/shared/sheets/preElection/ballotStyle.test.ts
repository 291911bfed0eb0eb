/** The ballot style code (PSB1): what it names, that it reads back, and that a different ballot has a different code. */
import { describe, expect, it } from 'vitest';
import { electionHash } from '../../../../shared/crypto/hash';
import { ballotSheet } from '../../../../shared/sheets/preElection/ballot';
import { planBallot } from '../../../../shared/sheets/preElection/ballotPlan';
import { ballotPositions, ballotStyleOf, decodeBallotStyleQr, encodeBallotStyleQr, layoutDigest } from '../../../../shared/sheets/preElection/ballotStyle';
import { qrVersionFor } from '../../../../shared/sheets/qrPayload';
import { ELECTION, electionOf } from './fixtures';

const issuedOn = '2027-03-06';

describe('the ballot style code', () => {
  it('names the election hash, the round, the paper and the layout; in the QR alphanumeric set; reads back', () => {
    const { style, qrText } = ballotSheet({ election: ELECTION, first: 1, count: 1, issuedOn });
    expect(style.electionHash).toBe(electionHash(ELECTION));
    expect(qrText).toMatch(/^PSB1:[0-9A-F]{64}:R1\.A4\.[0-9A-F]{8}$/);
    expect(qrText).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
    expect(qrVersionFor(qrText.length)).toBe(4);
    expect(decodeBallotStyleQr(qrText)).toEqual(style);
    expect(decodeBallotStyleQr(` ${qrText}\n`)).toEqual(style);
  });

  it('other texts are not ballot codes', () => {
    for (const text of ['', 'PSR1:1/1:ABC', 'PSB1:abc:R1.A4.00000000', `PSB1:${'A'.repeat(64)}:R1.A5.00000000`, `PSB1:${'A'.repeat(64)}:R1.A4.0000000`]) {
      expect(decodeBallotStyleQr(text)).toBeNull();
    }
    expect(() => encodeBallotStyleQr({ electionHash: 'ABC', round: 1, paper: 'A4', layout: '00000000' })).toThrow(/64 lowercase hex/);
  });

  it('the layout is the cells in print order: candidates in stroke order then write-in lines; another order, seat or paper is another style', () => {
    const positions = ballotPositions(ELECTION);
    expect(positions.map((p) => p.id)).toEqual(['chair', 'vice', 'member']);
    expect(positions[2]!.cells).toEqual([
      { candidate: 'p-member-2', name: '丁一' },
      { candidate: 'p-member-5', name: '于海' },
      { candidate: 'p-member-3', name: '马丽' },
      { candidate: 'p-member-4', name: '白雪' },
      { candidate: 'p-member-1', name: '周建华' },
      { writeIn: 1 },
      { writeIn: 2 },
      { writeIn: 3 },
    ]);
    const base = ballotStyleOf(electionHash(ELECTION), planBallot(ELECTION, 1, 't', []).layout);
    const fewerLines = electionOf([
      { id: 'chair', title: '主任', rank: 1, seats: 1, names: ['王芳', '李明'] },
      { id: 'vice', title: '副主任', rank: 2, seats: 1, names: ['陈静', '张伟'] },
      { id: 'member', title: '委员', rank: 3, seats: 3, names: ['周建华', '丁一', '马丽', '白雪', '于海'], writeInLines: 1 },
    ]);
    expect(layoutDigest(planBallot(fewerLines, 1, 't', []).layout)).not.toBe(base.layout);
    expect(layoutDigest(planBallot(ELECTION, 2, 't', []).layout)).not.toBe(base.layout);
    // The same candidates given in another order print in the same order: the same style.
    const reordered = { ...ELECTION, positions: ELECTION.positions.map((p) => ({ ...p, candidates: [...p.candidates].reverse() })) };
    expect(layoutDigest(planBallot(reordered, 1, 't', []).layout)).toBe(base.layout);
  });
});
