/**
 * The sealed election archive (选举档案, issue 18): ONE zip file holding the election's records
 * after certification, sealed by the station key. The seal is `manifest.json`: every other
 * file's path, size and SHA-256, signed (Ed25519 over the canonical JSON without `signature`,
 * like every signed object here). Opening checks the container; `checkSeal` checks the
 * manifest's signature and every file against it. What the files mean (the recount, the audit
 * chain) is checked by main/services/archive/verify.ts; the district checks the seal
 * (server/archive.ts). Pure: bytes in, checks out (fflate, no IO).
 */
import { strFromU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { z } from 'zod';
import { keyFingerprint } from '../crypto/ed25519';
import { sha256Hex } from '../crypto/hash';
import { signedText, verifyObject } from '../crypto/signed';
import { canonicalJson, utf8 } from '../crypto/canonical';
import { issue, type Outcome, type ValidationIssue } from '../election/issues';

export const ARCHIVE_FORMAT = 'polling-station/election-archive@1';
export const MANIFEST_FILE = 'manifest.json';

/** The files of an archive (paths inside the zip). */
export const ARCHIVE_FILES = {
  package: 'package.json',
  journal: 'journal.jsonl',
  staff: 'station/staff.json',
  proxies: 'station/proxies.json',
  trips: 'station/trips.json',
  spoiled: 'station/spoiled.json',
  reconciliation: 'station/reconciliation.json',
  audit: 'station/audit.json',
} as const;

/** `results/round-1.json` … */
export const resultFile = (round: number): string => `results/round-${round}.json`;

/** Bounds an opened archive may not pass (a zip bomb is refused before it is expanded). */
export const ARCHIVE_LIMITS = { files: 2000, bytes: 1024 * 1024 * 1024 } as const;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected base64url');

export const manifestSchema = z.strictObject({
  format: z.literal(ARCHIVE_FORMAT),
  station: z.strictObject({ id: z.string().min(1).max(128), name: z.string().max(200) }),
  electionId: z.string().min(1).max(200),
  electionHash: sha256,
  /** How many rounds the archive's signed results cover (results/round-1.json … round-N.json). */
  rounds: z.number().int().min(1).max(100),
  /** The sheets' PDF files with the round each is the sheet of. */
  sheets: z.array(z.strictObject({ path: z.string().max(200), round: z.number().int().min(1).max(100) })).max(500),
  sealedAt: z.iso.datetime({ offset: true }),
  files: z.array(z.strictObject({ path: z.string().min(1).max(200), bytes: z.number().int().min(0), sha256 })).max(ARCHIVE_LIMITS.files),
  stationKey: base64url.max(100),
  demo: z.literal(true).optional(),
  signature: base64url.max(200),
});

export type ArchiveManifest = z.infer<typeof manifestSchema>;

export interface OpenedArchive {
  readonly manifest: ArchiveManifest;
  /** Every file but the manifest, by path. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** SHA-256 of the manifest's canonical JSON: the archive's identity (the district stores by it). */
  readonly archiveId: string;
}

/** One line of a verification: what was checked, passed or not (its message says which, zh and en). */
export interface ArchiveCheck {
  readonly ok: boolean;
  readonly issue: ValidationIssue;
}

export const pass = (code: Parameters<typeof issue>[0], params: Record<string, string | number> = {}): ArchiveCheck => ({ ok: true, issue: issue(code, [], params) });
export const fail = (code: Parameters<typeof issue>[0], params: Record<string, string | number> = {}): ArchiveCheck => ({ ok: false, issue: issue(code, [], params) });

const FIXED_MTIME = '2000-01-01T00:00:00Z';

/**
 * The archive's bytes: `files` (path → bytes) and the manifest signed by `sign` (which gets the
 * canonical text of the unsigned manifest and returns its base64url Ed25519 signature).
 */
export function sealArchive(
  files: ReadonlyMap<string, Uint8Array>,
  header: Omit<ArchiveManifest, 'files' | 'signature'>,
  sign: (canonicalText: string) => string,
): { readonly bytes: Uint8Array; readonly manifest: ArchiveManifest; readonly archiveId: string } {
  const paths = [...files.keys()].sort();
  const unsigned = { ...header, files: paths.map((path) => ({ path, bytes: files.get(path)!.length, sha256: sha256Hex(files.get(path)!) })) };
  const manifest: ArchiveManifest = { ...unsigned, signature: sign(signedText(unsigned)) };
  const zippable: Zippable = { [MANIFEST_FILE]: utf8(`${JSON.stringify(manifest, null, 1)}\n`) };
  for (const path of paths) zippable[path] = files.get(path)!;
  const bytes = zipSync(zippable, { level: 6, mtime: FIXED_MTIME });
  return { bytes, manifest, archiveId: sha256Hex(canonicalJson(manifest)) };
}

/** Unzips and reads the manifest's shape; a file that is no archive gets a sentence saying why. */
export function openArchive(bytes: Uint8Array): Outcome<OpenedArchive> {
  const refuse = (detail: string): Outcome<OpenedArchive> => ({ ok: false, issues: [issue('archive.notArchive', [], { detail })] });
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return refuse('not a zip file / 不是 zip 文件');
  let entries: Record<string, Uint8Array>;
  let count = 0;
  let total = 0;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        count++;
        total += file.originalSize;
        if (count > ARCHIVE_LIMITS.files || total > ARCHIVE_LIMITS.bytes) throw new RangeError(`more than ${ARCHIVE_LIMITS.files} files or ${ARCHIVE_LIMITS.bytes} bytes`);
        return true;
      },
    });
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
  const manifestBytes = entries[MANIFEST_FILE];
  if (!manifestBytes) return refuse(`no ${MANIFEST_FILE}`);
  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(manifestBytes));
  } catch (error) {
    return refuse(`${MANIFEST_FILE}: ${(error as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return refuse(`${MANIFEST_FILE}: ${first?.path.map(String).join('.') ?? ''} ${first?.message ?? 'invalid'}`);
  }
  const files = new Map(Object.entries(entries).filter(([path]) => path !== MANIFEST_FILE));
  return { ok: true, value: { manifest: parsed.data, files, archiveId: sha256Hex(canonicalJson(parsed.data)) } };
}

function fingerprintOrDash(key: string): string {
  try {
    return keyFingerprint(key);
  } catch {
    return '—';
  }
}

/**
 * The seal: the manifest signed by its station key (and that key the expected one, when given),
 * every listed file present with its size and SHA-256, no file the manifest does not list.
 */
export function checkSeal(archive: OpenedArchive, options: { readonly stationKey?: string } = {}): ArchiveCheck[] {
  const { manifest, files } = archive;
  const checks: ArchiveCheck[] = [];
  const fingerprint = fingerprintOrDash(manifest.stationKey);
  if (options.stationKey !== undefined && options.stationKey !== manifest.stationKey) {
    checks.push(fail('archive.otherStationKey', { what: MANIFEST_FILE, fingerprint, expected: fingerprintOrDash(options.stationKey) }));
  }
  checks.push(verifyObject(manifest, manifest.stationKey) ? pass('archive.sealValid', { station: manifest.station.id, fingerprint }) : fail('archive.sealInvalid', { station: manifest.station.id }));
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    listed.add(entry.path);
    const bytes = files.get(entry.path);
    if (!bytes) checks.push(fail('archive.fileMissing', { path: entry.path }));
    else if (bytes.length !== entry.bytes || sha256Hex(bytes) !== entry.sha256) checks.push(fail('archive.fileAltered', { path: entry.path }));
    else checks.push(pass('archive.fileIntact', { path: entry.path }));
  }
  for (const path of [...files.keys()].sort()) {
    if (!listed.has(path)) checks.push(fail('archive.fileUnlisted', { path }));
  }
  return checks;
}

/** The text of a file of the archive (UTF-8), or null when it is missing. */
export function archiveText(archive: OpenedArchive, path: string): string | null {
  const bytes = archive.files.get(path);
  return bytes ? strFromU8(bytes) : null;
}

/** A JSON file of the archive, or null when it is missing or not JSON. */
export function archiveJson(archive: OpenedArchive, path: string): unknown {
  const text = archiveText(archive, path);
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
