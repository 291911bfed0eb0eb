/**
 * The district key this station trusts (FORMATS.md: "first import pins it"). Kept in
 * `district-key.json` in the data folder, written atomically. A package signed with another key
 * is refused unless the clerk re-provisions the station explicitly, which replaces the pin (the
 * replaced keys are kept in `history` for the record).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyFingerprint } from '../../shared/crypto/ed25519';
import { isDemoDistrictKey } from '../../shared/election/demo';
import { issue, type ValidationIssue } from '../../shared/election/issues';
import { writeFileAtomic } from './atomicFile';
import { ensureDataDir } from './dataDir';

export const PINNED_KEY_FILE = 'district-key.json';
export const PINNED_KEY_FORMAT = 'polling-station/pinned-district-key@1';

export interface PinnedDistrictKey {
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly pinnedAt: string;
}

/** The station this data folder serves: configured by the first accepted import (or a re-provisioning). */
export interface ConfiguredStation {
  readonly id: string;
  readonly name: string;
}

interface PinnedKeyFile extends PinnedDistrictKey {
  readonly format: typeof PINNED_KEY_FORMAT;
  readonly history: readonly (PinnedDistrictKey & { readonly replacedAt: string })[];
  /** Absent in files written before stations were configured: the next import configures it. */
  readonly station?: ConfiguredStation;
}

export type PinDecision =
  | { readonly ok: true; readonly keyStatus: 'pinned' | 'trusted'; readonly pinned: PinnedDistrictKey | null }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export function pinnedKeyPath(dir: string): string {
  return join(dir, PINNED_KEY_FILE);
}

export class PinnedKeyUnreadableError extends Error {
  constructor(readonly file: string, readonly detail: string) {
    super(`The pinned district key file ${file} cannot be read: ${detail}`);
    this.name = 'PinnedKeyUnreadableError';
  }
}

function readPinFile(dir: string): PinnedKeyFile | null {
  const file = pinnedKeyPath(dir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new PinnedKeyUnreadableError(file, code ?? String(error));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new PinnedKeyUnreadableError(file, 'not JSON');
  }
  const found = raw as Partial<PinnedKeyFile> | null;
  if (found === null || typeof found !== 'object' || typeof found.publicKey !== 'string') {
    throw new PinnedKeyUnreadableError(file, 'publicKey missing');
  }
  let fingerprint: string;
  try {
    fingerprint = keyFingerprint(found.publicKey);
  } catch (error) {
    throw new PinnedKeyUnreadableError(file, (error as Error).message);
  }
  return {
    format: PINNED_KEY_FORMAT,
    publicKey: found.publicKey,
    fingerprint,
    pinnedAt: typeof found.pinnedAt === 'string' ? found.pinnedAt : '',
    history: Array.isArray(found.history) ? found.history : [],
    ...(isStation(found.station) ? { station: { id: found.station.id, name: found.station.name } } : {}),
  };
}

function isStation(value: unknown): value is ConfiguredStation {
  const station = value as Partial<ConfiguredStation> | null | undefined;
  return typeof station === 'object' && station !== null && typeof station.id === 'string' && typeof station.name === 'string';
}

/** The station this data folder is configured for, or null (none yet, or an unreadable pin file). */
export function readConfiguredStation(dir: string): ConfiguredStation | null {
  try {
    return readPinFile(dir)?.station ?? null;
  } catch (error) {
    if (error instanceof PinnedKeyUnreadableError) return null;
    throw error;
  }
}

/**
 * Whether a package for `station` may be imported here: always when no station is configured
 * yet (the first import configures it) or when re-provisioning; else only for the configured
 * station. Writes nothing.
 */
export function checkConfiguredStation(dir: string, station: ConfiguredStation, reprovision = false): ValidationIssue[] {
  const configured = readConfiguredStation(dir);
  if (configured === null || reprovision || configured.id === station.id) return [];
  return [
    issue('package.otherStation', ['station', 'id'], {
      station: station.id,
      stationName: station.name,
      configured: configured.id,
      configuredName: configured.name,
    }),
  ];
}

/**
 * Whether this station may offer and import the demo package: no district key is pinned yet, or
 * the pinned one is the demo key. False once a real key is pinned (and when the pin cannot be
 * read: the demo is offered only when the station is known not to be a real one).
 */
export function demoAvailable(dir: string): boolean {
  try {
    const pinned = readPinnedDistrictKey(dir);
    return pinned === null || isDemoDistrictKey(pinned.publicKey);
  } catch (error) {
    if (error instanceof PinnedKeyUnreadableError) return false;
    throw error;
  }
}

/** Whether the pinned district key is the demo key: this station runs the demo election. */
export function runsDemo(dir: string): boolean {
  try {
    return isDemoDistrictKey(readPinnedDistrictKey(dir)?.publicKey);
  } catch (error) {
    if (error instanceof PinnedKeyUnreadableError) return false;
    throw error;
  }
}

/** The pinned district key, or null when none is pinned yet. Throws `PinnedKeyUnreadableError`. */
export function readPinnedDistrictKey(dir: string): PinnedDistrictKey | null {
  const file = readPinFile(dir);
  return file === null ? null : { publicKey: file.publicKey, fingerprint: file.fingerprint, pinnedAt: file.pinnedAt };
}

/**
 * Whether a package signed with `districtKey` may be imported; writes nothing.
 * `keyStatus` is what `pinDistrictKey` will make of it: `pinned` (no pin yet, or re-provisioning
 * to another key) or `trusted` (the key is the pinned one).
 */
export function checkDistrictKey(dir: string, districtKey: string, reprovision = false): PinDecision {
  let pinned: PinnedDistrictKey | null;
  try {
    pinned = readPinnedDistrictKey(dir);
  } catch (error) {
    if (!(error instanceof PinnedKeyUnreadableError)) throw error;
    if (reprovision) return { ok: true, keyStatus: 'pinned', pinned: null };
    return { ok: false, issues: [issue('package.pinnedKeyUnreadable', [], { detail: error.detail })] };
  }
  if (pinned === null) return { ok: true, keyStatus: 'pinned', pinned };
  if (pinned.publicKey === districtKey) return { ok: true, keyStatus: 'trusted', pinned };
  // Demo is demo: once a real district key is pinned, the demo package (whose key anyone can
  // sign with) is refused, re-provisioning or not.
  if (isDemoDistrictKey(districtKey)) {
    return { ok: false, issues: [issue('package.demoRefused', ['districtKey'], { pinnedFingerprint: pinned.fingerprint })] };
  }
  if (reprovision) return { ok: true, keyStatus: 'pinned', pinned };
  return {
    ok: false,
    issues: [
      issue('package.reprovisionRequired', ['districtKey'], {
        fingerprint: keyFingerprint(districtKey),
        pinnedFingerprint: pinned.fingerprint,
      }),
    ],
  };
}

/**
 * Pins `districtKey` (replacing any other pin) and, when given, configures `station`. Does
 * nothing when both are already the pinned key and the configured station.
 */
export function pinDistrictKey(dir: string, districtKey: string, now: Date = new Date(), station?: ConfiguredStation): PinnedDistrictKey {
  ensureDataDir(dir);
  let previous: PinnedKeyFile | null;
  try {
    previous = readPinFile(dir);
  } catch (error) {
    if (!(error instanceof PinnedKeyUnreadableError)) throw error;
    previous = null;
  }
  const nextStation = station === undefined ? previous?.station : { id: station.id, name: station.name };
  const sameStation = nextStation?.id === previous?.station?.id && nextStation?.name === previous?.station?.name;
  if (previous !== null && previous.publicKey === districtKey && sameStation) {
    return { publicKey: previous.publicKey, fingerprint: previous.fingerprint, pinnedAt: previous.pinnedAt };
  }
  const at = now.toISOString();
  const sameKey = previous !== null && previous.publicKey === districtKey;
  const history = previous === null || sameKey
    ? (previous?.history ?? [])
    : [
        ...previous.history,
        { publicKey: previous.publicKey, fingerprint: previous.fingerprint, pinnedAt: previous.pinnedAt, replacedAt: at },
      ];
  const next: PinnedKeyFile = {
    format: PINNED_KEY_FORMAT,
    publicKey: districtKey,
    fingerprint: keyFingerprint(districtKey),
    pinnedAt: sameKey && previous !== null ? previous.pinnedAt : at,
    history,
    ...(nextStation !== undefined ? { station: nextStation } : {}),
  };
  writeFileAtomic(pinnedKeyPath(dir), `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  return { publicKey: next.publicKey, fingerprint: next.fingerprint, pinnedAt: next.pinnedAt };
}
