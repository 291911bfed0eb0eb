/**
 * The station's live stream in Node: `GET /sync/v1/{collection}/stream` read with fetch (an
 * EventSource cannot send the signed headers), parsed as Server-Sent Events. Emits
 * `{ documents, checkpoint }` or `'RESYNC'`; when the connection drops it emits `'RESYNC'` and
 * reconnects after `retryMs`.
 */
import { Observable } from 'rxjs';
import type { WireDoc } from '../../../server/sync/documents';
import type { StationClient } from './client';

export type StreamItem = { documents: WireDoc[]; checkpoint: { seq: number } } | 'RESYNC';

export function syncStream(client: StationClient, collection: string, retryMs = 200): Observable<StreamItem> {
  return new Observable<StreamItem>((subscriber) => {
    const abort = new AbortController();
    let stopped = false;
    const run = async (): Promise<void> => {
      while (!stopped) {
        try {
          const path = `/sync/v1/${collection}/stream`;
          const response = await client.fetchImpl(`${client.baseUrl}${path}`, { headers: client.headers('GET', path), signal: abort.signal });
          if (!response.ok || !response.body) throw new Error(`stream HTTP ${response.status}`);
          const decoder = new TextDecoder();
          let buffer = '';
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
            buffer += decoder.decode(chunk, { stream: true });
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const event = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = event.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
              if (data !== '') subscriber.next(JSON.parse(data) as StreamItem);
            }
          }
        } catch {
          /* dropped: resync below */
        }
        if (stopped) return;
        subscriber.next('RESYNC');
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    };
    void run();
    return () => {
      stopped = true;
      abort.abort();
    };
  });
}
