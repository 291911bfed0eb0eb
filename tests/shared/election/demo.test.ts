/**
 * Demo is demo (issue 12, item 6): one place decides what is a demo — the package's district
 * key is the published demo key, a SignedResult carries a signed `demo: true` — and a real
 * result stays byte for byte what it was.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import demoKey from '../../../build/demo/demo-district-key.json' with { type: 'json' };
import { canonicalJson } from '../../../shared/crypto/canonical';
import { generateKeyPair, keyFingerprint, publicKeyFromSecret } from '../../../shared/crypto/ed25519';
import { signElectionPackage, signResult, verifySignedResult } from '../../../shared/crypto/signed';
import {
  DEMO_DISTRICT_FINGERPRINT,
  DEMO_DISTRICT_PUBLIC_KEY,
  isDemoDistrictKey,
  isDemoPackage,
  isDemoResult,
} from '../../../shared/election/demo';
import { signedResultSchema } from '../../../shared/election/schemas';
import { decodeSignedResultQr, encodeSignedResultQr } from '../../../shared/sheets/qrPayload';
import { buildDemoPackage, buildUnsignedDemoPackage } from '../../../main/services/demo';
import { signedScenarios, SIGNED_AT, STATION, STATION_SECRET } from '../sheets/fixtures';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared');
const scenario = signedScenarios()[0]!;

function sign(demo?: boolean) {
  return signResult({
    station: STATION.id,
    election: scenario.input.election,
    result: scenario.result,
    ballots: scenario.input.ballots,
    signedAt: SIGNED_AT,
    stationSecretKey: STATION_SECRET,
    ...(demo === undefined ? {} : { demo }),
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the demo district key', () => {
  it('shared/ holds the committed demo key’s public half, never its secret', () => {
    expect(DEMO_DISTRICT_PUBLIC_KEY).toBe(demoKey.publicKey);
    expect(publicKeyFromSecret(demoKey.secretKey)).toBe(DEMO_DISTRICT_PUBLIC_KEY);
    expect(DEMO_DISTRICT_FINGERPRINT).toBe(keyFingerprint(DEMO_DISTRICT_PUBLIC_KEY));
    for (const file of filesUnder(SHARED)) {
      const text = readFileSync(file, 'utf8');
      expect(text.includes(demoKey.secretKey), file).toBe(false);
      expect(text.includes('demo-district-key.json\''), file).toBe(false);
    }
  });

  it('tells the demo package from a real one by its district key', () => {
    expect(isDemoPackage(buildDemoPackage())).toBe(true);
    const real = signElectionPackage(buildUnsignedDemoPackage(), generateKeyPair().secretKey);
    expect(isDemoPackage(real)).toBe(false);
    expect(isDemoDistrictKey(real.districtKey)).toBe(false);
    expect(isDemoDistrictKey(null)).toBe(false);
    expect(isDemoPackage(null)).toBe(false);
  });
});

describe('the demo marker of a SignedResult', () => {
  it('a real result has no demo field: the same fields, the same bytes as before', () => {
    const real = sign();
    const unmarked = sign(false);
    expect(Object.keys(real).sort()).toEqual(['ballotsHash', 'electionHash', 'format', 'result', 'signature', 'signedAt', 'station', 'stationKey']);
    expect(canonicalJson(unmarked)).toBe(canonicalJson(real));
    expect(canonicalJson(real)).toBe(canonicalJson(scenario.signed));
    expect(isDemoResult(real)).toBe(false);
    expect(encodeSignedResultQr(real)).toEqual(encodeSignedResultQr(scenario.signed));
  });

  it('a demo result says demo: true inside the signature, and survives the QR codes', () => {
    const demo = sign(true);
    expect(demo.demo).toBe(true);
    expect(isDemoResult(demo)).toBe(true);
    expect(signedResultSchema.safeParse(demo).success).toBe(true);
    expect(verifySignedResult(demo)).toEqual([]);
    const decoded = decodeSignedResultQr(encodeSignedResultQr(demo).map((spec) => spec.text));
    expect(decoded.ok && decoded.signed).toEqual(demo);
    expect(decoded.ok && isDemoResult(decoded.signed)).toBe(true);
  });

  it('the marker cannot be stripped or forged without breaking the signature', () => {
    const demo = sign(true);
    const { demo: _dropped, ...stripped } = demo;
    expect(verifySignedResult(stripped).map((found) => found.code)).toEqual(['signature.invalid']);
    const forged = { ...sign(), demo: true as const };
    expect(verifySignedResult(forged).map((found) => found.code)).toEqual(['signature.invalid']);
    expect(signedResultSchema.safeParse({ ...demo, demo: false }).success).toBe(false);
  });
});
