/**
 * Sealing the election archive (issue 18): main builds it from its OWN records — the journal's
 * lines of the election (check-ins, ballots, withdrawals, boxes, double-entry resolutions), the
 * package of its marker, the signed results it kept (signedRounds.ts) and the sheet PDFs it stored — and the records only the
 * renderer holds (proxies, trips, spoiled ballots, the ballot account, the staff, the audit log).
 * Before sealing it recounts every round (recount.ts) and keeps only its own signature of that
 * count for each round (sources.ts), and refuses an audit log whose hash chain is broken.
 * The zip is stored in DATA/archives/<archiveId>.zip and handed back to be saved.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { archiveRequestSchema, type ProducedArchive } from '../../../shared/bridge/archiveRequest';
import { utf8 } from '../../../shared/crypto/canonical';
import { issue, type Outcome } from '../../../shared/election/issues';
import { ARCHIVE_FILES, ARCHIVE_FORMAT, resultFile, sealArchive, type ArchiveManifest } from '../../../shared/station/archive';
import { verifyAuditChains } from '../../../shared/station/auditChain';
import type { AuditEvent } from '../../../shared/station/records';
import { journalPath, lastElectionMark, linesOfElection, readJournalFile } from '../journal';
import { runsDemo } from '../pinning';
import { stationSigner } from '../signing/stationKeys';
import { storedSignedRound } from '../signedRounds';
import { sheetsDir } from '../stationSheets';
import { recountLines } from './recount';
import { ownSignedResults, storedSheets } from './sources';

export function archivesDir(dataDir: string): string {
  const dir = join(dataDir, 'archives');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

const json = (value: unknown): Uint8Array => utf8(`${JSON.stringify(value, null, 1)}\n`);

export interface ArchiveOptions {
  /** The sealing time (default main's clock now). */
  readonly now?: () => Date;
}

export async function produceArchive(dataDir: string, raw: unknown, options: ArchiveOptions = {}): Promise<Outcome<ProducedArchive>> {
  const parsed = archiveRequestSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: [issue('schema.invalid', [], { detail: parsed.error.issues[0]?.message ?? 'invalid archive request' })] };
  const request = parsed.data;

  const lines = readJournalFile(journalPath(dataDir)).lines;
  const marker = lastElectionMark(lines);
  const segment = linesOfElection(lines, marker?.electionHash ?? null);
  const recount = recountLines(segment);
  if (!recount.ok) return recount;
  const { pkg, rounds } = recount.value.count;

  const audit = request.audit as unknown as AuditEvent[];
  const broken = verifyAuditChains(audit);
  if (broken >= 0) return { ok: false, issues: [issue('archive.auditRefused', [], { seq: audit[broken]?.seq ?? broken + 1 })] };

  const signer = stationSigner({ dataDir });
  const electionHash = marker!.electionHash;
  const sheets = storedSheets(dataDir).filter((sheet) => sheet.electionHash === electionHash);
  const kept = rounds.map((round) => storedSignedRound(dataDir, electionHash, round.round)).filter((signed) => signed !== null);
  const own = ownSignedResults([...kept, ...request.signedResults, ...sheets.flatMap((sheet) => sheet.signed)], rounds, {
    station: pkg.station.id,
    electionHash,
    stationKey: signer.publicKey,
  });
  if (!own.ok) return { ok: false, issues: [issue('archive.roundUnsigned', [], { round: own.round })] };

  const files = new Map<string, Uint8Array>([
    [ARCHIVE_FILES.package, json(marker!.package)],
    [ARCHIVE_FILES.journal, utf8(segment.map((line) => `${JSON.stringify(line)}\n`).join(''))],
    [ARCHIVE_FILES.staff, json(request.staff)],
    [ARCHIVE_FILES.proxies, json(request.proxies)],
    [ARCHIVE_FILES.trips, json(request.trips)],
    [ARCHIVE_FILES.spoiled, json(request.spoiled)],
    [ARCHIVE_FILES.reconciliation, json(request.reconciliation)],
    [ARCHIVE_FILES.audit, json(audit)],
  ]);
  own.results.forEach((signed) => files.set(resultFile(signed.result.round), json(signed)));
  const sheetEntries: ArchiveManifest['sheets'] = [];
  const dir = sheetsDir(dataDir);
  for (const sheet of sheets) {
    for (const file of sheet.files) {
      const path = `sheets/${file}`;
      if (files.has(path)) continue;
      try {
        files.set(path, new Uint8Array(readFileSync(join(dir, file))));
        sheetEntries.push({ path, round: sheet.round });
      } catch {
        // A sidecar whose PDF is gone: the archive holds the PDFs main still has.
      }
    }
  }
  const header: Omit<ArchiveManifest, 'files' | 'signature'> = {
    format: ARCHIVE_FORMAT,
    station: { id: pkg.station.id, name: pkg.station.name },
    electionId: pkg.election.id,
    electionHash,
    rounds: rounds.length,
    sheets: sheetEntries.sort((a, b) => (a.path < b.path ? -1 : 1)),
    sealedAt: (options.now?.() ?? new Date()).toISOString(),
    stationKey: signer.publicKey,
    ...(runsDemo(dataDir) ? { demo: true as const } : {}),
  };
  const sealed = sealArchive(files, header, (text) => signer.sign(utf8(text)));
  const fileName = `election-archive-${pkg.station.id.replace(/[^0-9A-Za-z_-]+/g, '-')}-${sealed.archiveId.slice(0, 12)}.zip`;
  writeFileSync(join(archivesDir(dataDir), `${sealed.archiveId}.zip`), sealed.bytes, { mode: 0o600 });
  return {
    ok: true,
    value: { fileName, archiveId: sealed.archiveId, rounds: rounds.length, bytes: sealed.bytes.length, base64: Buffer.from(sealed.bytes).toString('base64') },
  };
}
