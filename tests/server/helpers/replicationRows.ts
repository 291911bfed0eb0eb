/**
 * Push rows as the station's replication sends them (renderer/db/replication/stationSync/replicate.ts):
 * each document as RxDB stores it (a first revision of the station database's token, `_meta`,
 * `_attachments`), reduced to its replicated content with its revision by the renderer's own
 * `replicatedContent` and `withRevision`.
 */
import { createRevision, now } from 'rxdb/plugins/utils';
import { replicatedContent, withRevision } from '../../../renderer/db/replication/conflicts';
import type { PushRow, WireDocument } from '../../../renderer/db/replication/protocol';

/** New documents (no assumed master state) of one station database, identified by `databaseToken`. */
export function replicationPushRows(docs: readonly object[], databaseToken: string): PushRow[] {
  return docs.map((doc) => {
    const stored = { ...doc, _deleted: false, _rev: createRevision(databaseToken), _meta: { lwt: now() }, _attachments: {} };
    return { assumedMasterState: null, newDocumentState: withRevision(replicatedContent(stored), stored) as WireDocument };
  });
}
