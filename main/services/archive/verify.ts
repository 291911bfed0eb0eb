/**
 * `verify-archive`'s checks (issue 18): the seal (shared/station/archive.ts: the manifest's
 * signature, every file against it), each round's signed result (its signature, the station's
 * key, the election), the recount of every round from the archive's own journal lines through
 * shared/rules compared with the signed results, the audit log's hash chain, and the check-ins
 * against the proxy forms and mobile-box trips. One line per check; the archive holds only if
 * every line passes. Each check runs on what the archive holds, so a tampered archive names
 * every place that broke, not just the first.
 */
import { keyFingerprint } from '../../../shared/crypto/ed25519';
import { electionHash } from '../../../shared/crypto/hash';
import { verifyObject } from '../../../shared/crypto/signed';
import { describeIssue, describeIssueBilingual } from '../../../shared/election/issues';
import { electionPackageSchema, signedResultSchema, type SignedResult } from '../../../shared/election/schemas';
import { electionTimeZone, formatLocalDateTime } from '../../../shared/election/localTime';
import { ARCHIVE_FILES, archiveJson, archiveText, checkSeal, fail, openArchive, pass, resultFile, type ArchiveCheck, type OpenedArchive } from '../../../shared/station/archive';
import { verifyAuditChains } from '../../../shared/station/auditChain';
import type { AuditEvent, CheckinRecord } from '../../../shared/station/records';
import { splitJournal } from '../journal';
import { checkPdfSignature } from '../signing/pdfSignatureCheck';
import { recountLines, differenceFromRecount } from './recount';

export interface ArchiveVerification {
  readonly ok: boolean;
  readonly checks: readonly ArchiveCheck[];
  readonly archive: OpenedArchive | null;
}

const fingerprintOrDash = (key: string): string => {
  try {
    return keyFingerprint(key);
  } catch {
    return '—';
  }
};

/** 2026-12-06 17:40 (Asia/Shanghai): the election's wall time, readable in both languages. */
function localTime(iso: string, archive: OpenedArchive): string {
  const zone = electionTimeZone((archiveJson(archive, ARCHIVE_FILES.package) as { election?: unknown } | null)?.election);
  return `${formatLocalDateTime(iso, { timeZone: zone, language: 'en' })} (${zone})`;
}

function resultChecks(archive: OpenedArchive, stationKey: string): { checks: ArchiveCheck[]; results: (SignedResult | null)[] } {
  const { manifest } = archive;
  const checks: ArchiveCheck[] = [];
  const results: (SignedResult | null)[] = [];
  for (let round = 1; round <= manifest.rounds; round++) {
    const parsed = signedResultSchema.safeParse(archiveJson(archive, resultFile(round)));
    if (!parsed.success) {
      checks.push(fail('archive.resultInvalid', { round, detail: `${resultFile(round)}: ${parsed.error.issues[0]?.message ?? 'missing'}` }));
      results.push(null);
      continue;
    }
    const signed = parsed.data;
    results.push(signed);
    if (signed.stationKey !== stationKey) {
      checks.push(fail('archive.otherStationKey', { what: resultFile(round), fingerprint: fingerprintOrDash(signed.stationKey), expected: fingerprintOrDash(stationKey) }));
    }
    const problem = !verifyObject(signed, signed.stationKey)
      ? 'the signature does not match / 签名与内容不符'
      : signed.result.round !== round
        ? `it is round ${signed.result.round}'s / 为第 ${signed.result.round} 轮的结果`
        : signed.station !== manifest.station.id
          ? `station ${signed.station} ≠ ${manifest.station.id}`
          : signed.electionHash !== manifest.electionHash
            ? 'another election / 另一场选举'
            : null;
    checks.push(problem === null ? pass('archive.resultValid', { round, signedAt: localTime(signed.signedAt, archive) }) : fail('archive.resultInvalid', { round, detail: problem }));
  }
  return { checks, results };
}

function recountChecks(archive: OpenedArchive, results: readonly (SignedResult | null)[]): ArchiveCheck[] {
  const text = archiveText(archive, ARCHIVE_FILES.journal);
  if (text === null) return [fail('archive.recountFailed', { detail: `${ARCHIVE_FILES.journal} missing / 缺少` })];
  const split = splitJournal(text);
  if (split.corrupt.length > 0 || split.torn !== null) {
    const line = split.corrupt[0]?.line ?? split.lines.length + 1;
    return [fail('archive.fileUnreadable', { path: ARCHIVE_FILES.journal, detail: `line ${line} / 第 ${line} 行` })];
  }
  const pkg = electionPackageSchema.safeParse(archiveJson(archive, ARCHIVE_FILES.package));
  const checks: ArchiveCheck[] = [];
  if (!pkg.success) checks.push(fail('archive.fileUnreadable', { path: ARCHIVE_FILES.package, detail: pkg.error.issues[0]?.message ?? 'invalid' }));
  else if (electionHash(pkg.data.election) !== archive.manifest.electionHash) checks.push(fail('archive.fileUnreadable', { path: ARCHIVE_FILES.package, detail: 'another election / 另一场选举' }));
  const recount = recountLines(split.lines, archive.manifest.rounds);
  if (!recount.ok) return [...checks, fail('archive.recountFailed', { detail: recount.issues.map((found) => describeIssue(found, 'zh-CN')).join('；') })];
  for (const round of recount.value.count.rounds) {
    const signed = results[round.round - 1];
    if (!signed) continue;
    const difference = differenceFromRecount(round, signed);
    const ballots = round.kind === 'counted' ? round.input.ballots.length : 0;
    checks.push(difference === null ? pass('archive.recountAgrees', { round: round.round, ballots }) : fail('archive.recountDiffers', { round: round.round, detail: difference }));
  }
  checks.push(recordChecks(archive, recount.value.documents.checkins));
  return checks;
}

/** Every proxy check-in names a proxy form of its round, every mobile check-in a trip of its round. */
function recordChecks(archive: OpenedArchive, checkins: readonly CheckinRecord[]): ArchiveCheck {
  const list = (path: string): { id: string; round?: number }[] => {
    const value = archiveJson(archive, path);
    return Array.isArray(value) ? (value as { id: string; round?: number }[]) : [];
  };
  const proxies = new Set(list(ARCHIVE_FILES.proxies).map((record) => record.id));
  const trips = new Set(list(ARCHIVE_FILES.trips).map((record) => record.id));
  for (const checkin of checkins) {
    if (checkin.status !== 'issued') continue;
    if (checkin.kind === 'proxy' && checkin.proxyId !== undefined && !proxies.has(checkin.proxyId)) {
      return fail('archive.recordsDisagree', { detail: `${checkin.id}: proxy form ${checkin.proxyId} missing / 缺少委托书记录` });
    }
    if (checkin.kind === 'mobile' && checkin.tripId !== undefined && !trips.has(checkin.tripId)) {
      return fail('archive.recordsDisagree', { detail: `${checkin.id}: mobile-box trip ${checkin.tripId} missing / 缺少流动票箱记录` });
    }
  }
  return pass('archive.recordsAgree', { checkins: checkins.length });
}

function auditCheck(archive: OpenedArchive): ArchiveCheck {
  const events = archiveJson(archive, ARCHIVE_FILES.audit);
  if (!Array.isArray(events)) return fail('archive.fileUnreadable', { path: ARCHIVE_FILES.audit, detail: 'not a list / 不是列表' });
  const broken = verifyAuditChains(events as AuditEvent[]);
  return broken < 0 ? pass('archive.auditIntact', { events: events.length }) : fail('archive.auditBroken', { seq: broken + 1 });
}

/**
 * Each sheet the seal vouches for also carries its own PDF signature (pdfSignature.ts): its byte
 * range covers the file, the digest holds and the signer is the station key — a sheet re-sealed
 * by whoever holds the archive but not signed as the station printed it is named.
 */
function sheetChecks(archive: OpenedArchive, seal: readonly ArchiveCheck[], stationKey: string): ArchiveCheck[] {
  const altered = new Set(seal.filter((check) => !check.ok).map((check) => String(check.issue.params?.path ?? '')));
  return archive.manifest.sheets
    .filter((sheet) => !altered.has(sheet.path) && archive.files.has(sheet.path))
    .map((sheet) => {
      const problems = checkPdfSignature(Buffer.from(archive.files.get(sheet.path)!), stationKey).issues;
      if (problems.length === 0) return pass('archive.sheetMatches', { round: sheet.round, path: sheet.path });
      return fail('archive.sheetSignatureInvalid', { round: sheet.round, path: sheet.path, detail: problems.map((problem) => describeIssueBilingual(problem)).join('；') });
    });
}

/**
 * Verifies the archive's bytes. `stationKey`, when given (the key the district enrolled), must
 * be the key that sealed it and signed every result.
 */
export function verifyArchive(bytes: Uint8Array, options: { readonly stationKey?: string } = {}): ArchiveVerification {
  const opened = openArchive(bytes);
  if (!opened.ok) return { ok: false, checks: opened.issues.map((found) => ({ ok: false, issue: found })), archive: null };
  const archive = opened.value;
  const seal = checkSeal(archive, options);
  const stationKey = options.stationKey ?? archive.manifest.stationKey;
  const results = resultChecks(archive, stationKey);
  const checks = [...seal, ...sheetChecks(archive, seal, stationKey), ...results.checks, ...recountChecks(archive, results.results), auditCheck(archive)];
  return { ok: checks.every((check) => check.ok), checks, archive };
}
