import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ballotsHash,
  canonicalJson,
  electionHash,
  generateKeyPair,
  keyFingerprint,
  signedText,
  signElectionPackage,
  signObject,
  signResult,
  verifyElectionPackage,
  verifyObject,
  verifySignedResult,
  type UnsignedElectionPackage,
} from '../../../shared/crypto';
import { describeIssue } from '../../../shared/election/issues';
import {
  countInputSchema,
  countResultSchema,
  electionPackageSchema,
  FORMAT,
  signedResultSchema,
  type Ballot,
  type CountResult,
} from '../../../shared/election/schemas';

const input = countInputSchema.parse(
  JSON.parse(readFileSync(new URL('../../fixtures/scenarios/01-basic-direct.input.json', import.meta.url), 'utf8')),
);
const election = input.election;
const ballots = input.ballots;

const district = generateKeyPair();
const station = generateKeyPair();
const intruder = generateKeyPair();

/** SHA-256 hex by node:crypto over the canonical text, to cross-check the noble implementation. */
function nodeSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function unsignedPackage(): UnsignedElectionPackage {
  return {
    format: FORMAT.electionPackage,
    election,
    station: { id: 'hq-demo-01', name: '示例社区第一投票站' },
    roll: [
      { id: 'v-000001', name: '张伟', gender: 'M', birthDate: '1970-05-01', idTail: '1234', address: '3号楼2单元101', group: '第一居民小组', status: 'registered' },
      { id: 'v-000002', name: '李娜', gender: 'F', birthDate: '1985-11-23', idTail: '567X', address: '5号楼1单元302', group: '第二居民小组', status: 'registered' },
    ],
    ballotStock: 150,
    issuedAt: '2026-11-30T08:00:00Z',
  };
}

const result: CountResult = countResultSchema.parse({
  format: FORMAT.countResult,
  round: 1,
  valid: true,
  voidReason: null,
  stats: { registeredVoters: 120, participants: 80, ballotsIssued: 80, ballotsRecovered: 79, validBallots: 77, invalidBallots: 2 },
  positions: [
    {
      id: 'chair',
      seats: 1,
      threshold: 40,
      invalidSections: 0,
      tallies: [
        { person: 'p-wangfang', name: '王芳', candidate: true, for: 52, against: 0, abstain: 25 },
        { person: 'p-liming', name: '李明', candidate: true, for: 25, against: 2, abstain: 50 },
      ],
      elected: ['p-wangfang'],
      unfilled: 0,
    },
  ],
  runoff: null,
});

function signedSample() {
  return signResult({ station: 'hq-demo-01', election, result, ballots, signedAt: '2026-12-06T17:40:00+08:00', stationSecretKey: station.secretKey });
}

/** Same content, every object's keys reversed. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

describe('signObject / verifyObject', () => {
  it('signs the canonical JSON without the signature field', () => {
    const signed = signObject({ b: 1, a: [true, null], signature: 'stale' }, district.secretKey);
    expect(signedText(signed)).toBe('{"a":[true,null],"b":1}');
    expect(signed.signature).not.toBe('stale');
    expect(verifyObject(signed, district.publicKey)).toBe(true);
    expect(verifyObject(signed, intruder.publicKey)).toBe(false);
    expect(verifyObject(reverseKeys(signed) as typeof signed, district.publicKey)).toBe(true);
  });

  it('does not modify its input', () => {
    const unsigned = { a: 1 };
    signObject(unsigned, district.secretKey);
    expect(unsigned).toEqual({ a: 1 });
  });

  it('refuses to sign an array or an unencodable value', () => {
    expect(() => signObject([1, 2], district.secretKey)).toThrow(/only a JSON object/);
    expect(() => signObject({ a: NaN }, district.secretKey)).toThrow(/NaN/);
  });

  it('verifyObject never throws', () => {
    const signed = signObject({ a: 1 }, district.secretKey);
    const unencodable: { signature: string; a: number } = { ...signed, a: NaN };
    expect(verifyObject(unencodable, district.publicKey)).toBe(false);
    expect(verifyObject({ ...signed, signature: 5 as unknown as string }, district.publicKey)).toBe(false);
    expect(verifyObject(signed, '')).toBe(false);
  });

  it('property: any one-byte change to the canonical text that changes the content fails verification', () => {
    const replacement = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(...[...'0123456789abcdefxyzAEZ-+.e"{}[],: '].map((c) => c.charCodeAt(0))),
    );
    let exercised = 0;
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), replacement, (data, at, byte) => {
        const signed = signObject({ data }, district.secretKey);
        const bytes = new TextEncoder().encode(signedText(signed));
        const index = at % bytes.length;
        if (bytes[index] === byte) return;
        const mutated = bytes.slice();
        mutated[index] = byte;
        let parsed: unknown;
        try {
          parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(mutated));
        } catch {
          return; // not UTF-8 or not JSON: it cannot even be read
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return;
        const forged = { ...parsed, signature: signed.signature };
        let forgedText: string | null;
        try {
          forgedText = signedText(forged);
        } catch {
          forgedText = null; // e.g. an exponent changed into an overflow: Infinity has no JSON text
        }
        if (forgedText === signedText(signed)) return; // same content, e.g. a key re-sorted
        exercised++;
        expect(verifyObject(forged, district.publicKey)).toBe(false);
      }),
      { numRuns: 400 },
    );
    expect(exercised).toBeGreaterThan(20);
  });

  it('property: a one-character change to the signature fails verification', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.constantFrom(...alphabet), (data, at, char) => {
        const signed = signObject({ data }, district.secretKey);
        const index = at % signed.signature.length;
        if (signed.signature[index] === char) return;
        const signature = signed.signature.slice(0, index) + char + signed.signature.slice(index + 1);
        expect(verifyObject({ ...signed, signature }, district.publicKey)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('election package', () => {
  const pkg = signElectionPackage(unsignedPackage(), district.secretKey);

  it('is a valid package carrying the district key, and verifies', () => {
    expect(electionPackageSchema.parse(pkg)).toEqual(pkg);
    expect(pkg.districtKey).toBe(district.publicKey);
    expect(verifyElectionPackage(pkg)).toEqual([]);
    expect(verifyElectionPackage(pkg, null)).toEqual([]);
    expect(verifyElectionPackage(pkg, district.publicKey)).toEqual([]);
  });

  it('still verifies after a trip through a file (JSON text, other key order)', () => {
    const text = JSON.stringify(reverseKeys(pkg), null, 2);
    expect(verifyElectionPackage(electionPackageSchema.parse(JSON.parse(text)), district.publicKey)).toEqual([]);
  });

  it('is refused when signed by a key other than the pinned one', () => {
    const forged = signElectionPackage(unsignedPackage(), intruder.secretKey);
    expect(verifyElectionPackage(forged)).toEqual([]);
    const issues = verifyElectionPackage(forged, district.publicKey);
    expect(issues).toEqual([{ code: 'signature.untrustedKey', path: ['districtKey'], params: { fingerprint: keyFingerprint(intruder.publicKey) } }]);
    expect(describeIssue(issues[0]!, 'en')).toContain(keyFingerprint(intruder.publicKey));
  });

  it('is refused when any field is changed after signing', () => {
    const tampered = [
      { ...pkg, ballotStock: pkg.ballotStock + 1 },
      { ...pkg, issuedAt: '2026-11-30T08:00:01Z' },
      { ...pkg, roll: pkg.roll.map((v, i) => (i === 1 ? { ...v, status: 'struck' as const } : v)) },
      { ...pkg, election: { ...pkg.election, date: '2026-12-07' } },
      { ...pkg, station: { ...pkg.station, extra: 'unknown keys are signed too' } },
      { ...pkg, districtKey: intruder.publicKey },
    ];
    for (const changed of tampered) {
      expect(verifyElectionPackage(changed)).toEqual([{ code: 'signature.invalid', path: ['signature'] }]);
    }
  });

  it('reports both a foreign key and a bad signature', () => {
    const codes = verifyElectionPackage({ ...pkg, districtKey: intruder.publicKey }, district.publicKey).map((i) => i.code);
    expect(codes).toEqual(['signature.untrustedKey', 'signature.invalid']);
  });

  it('a malformed district key is refused without throwing', () => {
    const issues = verifyElectionPackage({ ...pkg, districtKey: 'AAAA' }, district.publicKey);
    expect(issues.map((i) => i.code)).toEqual(['signature.untrustedKey', 'signature.invalid']);
  });
});

describe('hashes', () => {
  it('electionHash is SHA-256 of the canonical ElectionDefinition', () => {
    const expected = nodeSha256(canonicalize(election)!);
    expect(electionHash(election)).toBe(expected);
    expect(electionHash(reverseKeys(election) as typeof election)).toBe(expected);
    expect(electionHash({ ...election, title: `${election.title} ` })).not.toBe(expected);
  });

  it('ballotsHash is SHA-256 of the canonical ballot array in id order', () => {
    const sorted = [...ballots].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const expected = nodeSha256(canonicalize(sorted)!);
    const shuffled = [...ballots].reverse();
    const before = JSON.stringify(shuffled);
    expect(ballotsHash(shuffled)).toBe(expected);
    expect(JSON.stringify(shuffled)).toBe(before); // input not reordered
    expect(ballotsHash(ballots.slice(1))).not.toBe(expected);
  });

  it('ballotsHash orders ids by UTF-16 code units, not by locale or code point', () => {
    const make = (id: string): Ballot => ({ id, status: 'blank' });
    // 'B' < 'a' in code units; '\u{1F600}' (D83D DE00) < '\uFF61' in code units, though not in code points.
    const ordered = [make('B'), make('a'), make('\u{1F600}'), make('\uFF61')];
    const expected = nodeSha256(canonicalJson(ordered));
    expect(ballotsHash([ordered[3]!, ordered[1]!, ordered[2]!, ordered[0]!])).toBe(expected);
  });
});

describe('signed result', () => {
  const signed = signedSample();
  const all = { stationKey: station.publicKey, election, ballots };

  it('is a valid SignedResult that verifies against the station, election and ballots', () => {
    expect(signedResultSchema.parse(signed)).toEqual(signed);
    expect(signed.format).toBe(FORMAT.signedResult);
    expect(signed.stationKey).toBe(station.publicKey);
    expect(signed.electionHash).toBe(nodeSha256(canonicalize(election)!));
    expect(verifySignedResult(signed, all)).toEqual([]);
    expect(verifySignedResult(signed, {})).toEqual([]);
    const roundTrip = signedResultSchema.parse(JSON.parse(JSON.stringify(reverseKeys(signed))));
    expect(verifySignedResult(roundTrip, { ...all, ballots: [...ballots].reverse() })).toEqual([]);
  });

  it('is refused when the result or a hash is changed after signing', () => {
    const chair = signed.result.positions[0]!;
    const changedResult = { ...signed.result, positions: [{ ...chair, elected: ['p-liming'] }] };
    expect(verifySignedResult({ ...signed, result: changedResult }, all).map((i) => i.code)).toEqual(['signature.invalid']);
    expect(verifySignedResult({ ...signed, signedAt: '2026-12-06T17:41:00+08:00' }, all).map((i) => i.code)).toEqual(['signature.invalid']);
  });

  it('is refused when signed by a key other than the enrolled one', () => {
    const other = signResult({ station: 'hq-demo-01', election, result, ballots, signedAt: signed.signedAt, stationSecretKey: intruder.secretKey });
    expect(verifySignedResult(other, all)).toEqual([
      { code: 'signature.stationKeyMismatch', path: ['stationKey'], params: { fingerprint: keyFingerprint(intruder.publicKey) } },
    ]);
  });

  it('reports a result that belongs to another election or other ballots', () => {
    const otherElection = { ...election, date: '2026-12-13' };
    expect(verifySignedResult(signed, { ...all, election: otherElection })).toEqual([{ code: 'signature.electionHashMismatch', path: ['electionHash'] }]);
    const fewer = ballots.slice(0, -1);
    const issues = verifySignedResult(signed, { ...all, ballots: fewer });
    expect(issues).toEqual([{ code: 'signature.ballotsHashMismatch', path: ['ballotsHash'] }]);
    expect(describeIssue(issues[0]!, 'zh-CN')).toContain('选票记录的哈希值不符');
    expect(describeIssue(issues[0]!, 'en')).toContain('Ballots hash mismatch');
  });
});
