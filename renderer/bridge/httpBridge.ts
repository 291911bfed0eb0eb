/**
 * StationBridge over HTTP: the browser build's door to `main/host` (same routes, same types).
 * `baseUrl` is '' when the page is served by the host itself.
 */
import type { ImportOutcome, JournalEntry, PendingRecovery, SheetOutcome, StationBridge, StationKeyInfo } from './StationBridge';

async function failure(response: Response, what: string): Promise<Error> {
  let detail = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === 'string') detail = `${response.status} ${body.error}`;
  } catch {
    // not JSON: keep the status line
  }
  return new Error(`${what} failed: ${detail}`);
}

export function createHttpBridge(baseUrl = ''): StationBridge {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async importPackage(text, options): Promise<ImportOutcome> {
      const response = await fetch(`${base}/api/package/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text, reprovision: options?.reprovision === true }),
      });
      if (!response.ok) throw await failure(response, 'Package import');
      return (await response.json()) as ImportOutcome;
    },
    async demoPackage(): Promise<string> {
      const response = await fetch(`${base}/api/package/demo`);
      if (!response.ok) throw await failure(response, 'Demo package');
      return response.text();
    },
    async stationKey(): Promise<StationKeyInfo> {
      const response = await fetch(`${base}/api/station/key`);
      if (!response.ok) throw await failure(response, 'Station key');
      return (await response.json()) as StationKeyInfo;
    },
    async produceSheets(request): Promise<SheetOutcome> {
      const response = await fetch(`${base}/api/sheets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      if (!response.ok) throw await failure(response, 'Tally sheet');
      return (await response.json()) as SheetOutcome;
    },
    async journal(entry: JournalEntry): Promise<void> {
      const response = await fetch(`${base}/api/journal`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(entry) });
      if (!response.ok) throw await failure(response, 'Journal');
    },
    sheetUrl(file: string): string {
      return `${base}/api/sheets/${encodeURIComponent(file)}`;
    },
    async signSyncRequest(canonicalText): Promise<string> {
      const response = await fetch(`${base}/api/sync/sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: canonicalText }) });
      if (!response.ok) throw await failure(response, 'Sync signing');
      return ((await response.json()) as { signature: string }).signature;
    },
    async signBundle(canonicalText): Promise<string> {
      const response = await fetch(`${base}/api/bundle/sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: canonicalText }) });
      if (!response.ok) throw await failure(response, 'Bundle signing');
      return ((await response.json()) as { signature: string }).signature;
    },
    async pendingRecovery(): Promise<PendingRecovery | null> {
      const response = await fetch(`${base}/api/recovery`, { cache: 'no-store' });
      if (!response.ok) throw await failure(response, 'Journal recovery');
      return (await response.json()) as PendingRecovery | null;
    },
    async consumeRecovery(id: string): Promise<void> {
      const response = await fetch(`${base}/api/recovery/consume`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id }) });
      if (!response.ok) throw await failure(response, 'Journal recovery');
    },
  };
}
