/**
 * The signed bundle of docs/SYNC.md "Results and bundles": a station with no network hands its
 * records to the district as a file. Every document of the 10 replicated collections, the
 * signed results stored with the tally sheet (none before the sheet is signed), signed like
 * every other object (Ed25519 over the canonical JSON without `signature`) — by main, through
 * the bridge; the renderer never holds the key.
 */
import { canonicalJson } from '../../../shared/crypto/canonical';
import { issue, ValidationError } from '../../../shared/election/issues';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import type { StationDatabase } from '../database';
import { ELECTION_DOC_ID } from '../schemas/election';
import { BUNDLE_FORMAT, SYNC_COLLECTIONS, type SyncCollectionName, type WireDocument } from './protocol';

export interface StationBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly station: string;
  readonly electionHash: string;
  readonly documents: Readonly<Record<SyncCollectionName, readonly WireDocument[]>>;
  readonly signedResults: readonly unknown[];
  readonly exportedAt: string;
  readonly stationKey: string;
  readonly signature: string;
}

/** The signed results stored with the tally sheet (`countRecords` of kind `sheet`), each once. */
export async function storedSignedResults(db: StationDatabase): Promise<unknown[]> {
  const sheets = await db.countRecords.find({ selector: { kind: 'sheet' }, sort: [{ id: 'asc' }] }).exec();
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const sheet of sheets) {
    const list = (sheet.toJSON().data as { signedResults?: unknown }).signedResults;
    if (!Array.isArray(list)) continue;
    for (const result of list) {
      const signature = (result as { signature?: unknown } | null)?.signature;
      if (typeof signature !== 'string' || seen.has(signature)) continue;
      seen.add(signature);
      out.push(result);
    }
  }
  return out;
}

/** Builds and signs the bundle. Throws a ValidationError (`bundle.noElection`, `bundle.signRefused`). */
export async function createBundle(
  db: StationDatabase,
  bridge: Pick<StationBridge, 'signBundle' | 'stationKey'>,
  options: { readonly now?: () => Date } = {},
): Promise<StationBundle> {
  const election = (await db.election.findOne(ELECTION_DOC_ID).exec())?.toJSON();
  if (!election) throw new ValidationError([issue('bundle.noElection', [])]);
  const documents = {} as Record<SyncCollectionName, WireDocument[]>;
  for (const name of SYNC_COLLECTIONS) {
    const docs = await db[name].find({ sort: [{ id: 'asc' }] }).exec();
    // With each record's revision (`_rev`): the district never lets an older one replace a newer.
    documents[name] = docs.map((doc): WireDocument => ({ ...(doc.toJSON() as Record<string, unknown> & { id: string }), _rev: doc.revision }));
  }
  const { publicKey } = await bridge.stationKey();
  const unsigned: Omit<StationBundle, 'signature'> = {
    format: BUNDLE_FORMAT,
    station: election.station.id,
    electionHash: election.electionHash,
    documents,
    signedResults: await storedSignedResults(db),
    exportedAt: (options.now?.() ?? new Date()).toISOString(),
    stationKey: publicKey,
  };
  // A JSON round trip first: what is signed is exactly what the file will hold.
  const plain = JSON.parse(JSON.stringify(unsigned)) as typeof unsigned;
  let signature: string;
  try {
    signature = await bridge.signBundle(canonicalJson(plain));
  } catch (error) {
    throw new ValidationError([issue('bundle.signRefused', [], { detail: error instanceof Error ? error.message.slice(0, 300) : String(error) })]);
  }
  return { ...plain, signature };
}

/** `station-PS-001-2026-12-06T09-30-00Z.bundle.json` */
export function bundleFileName(bundle: Pick<StationBundle, 'station' | 'exportedAt'>): string {
  const safe = (text: string) => text.replace(/[^0-9A-Za-z\u4e00-\u9fff_-]+/g, '-');
  return `station-${safe(bundle.station)}-${safe(bundle.exportedAt.replace(/\.\d+/, ''))}.bundle.json`;
}

/** Offers `content` (text or bytes) as a file download (Blob + a link), in the renderer. */
export function downloadFile(content: string | Uint8Array<ArrayBuffer>, fileName: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Builds, signs and downloads the bundle; returns it (and its file name). */
export async function exportBundle(
  db: StationDatabase,
  bridge: Pick<StationBridge, 'signBundle' | 'stationKey'>,
  options: { readonly now?: () => Date; readonly download?: (text: string, fileName: string) => void } = {},
): Promise<{ readonly bundle: StationBundle; readonly fileName: string }> {
  const bundle = await createBundle(db, bridge, options);
  const fileName = bundleFileName(bundle);
  (options.download ?? downloadFile)(`${JSON.stringify(bundle, null, 1)}\n`, fileName);
  return { bundle, fileName };
}
