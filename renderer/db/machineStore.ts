/**
 * The polling day's stored document (`machine` / `polling-day`) as the gate's DayStore:
 * read straight from storage (the query cache may not have seen another window's write yet),
 * written compare-and-set on the revision (RxDB's storage refuses a write whose `previous` is not
 * the stored revision: status 409), watched through the collection (RxDB carries other
 * windows' writes over).
 */
import type { RxDocumentData } from 'rxdb';
import type { DayStore, StoredDay } from '../machine/gate';
import type { StationCollections } from './database';
import { MACHINE_DOC_ID, type MachineDoc } from './schemas/machine';

function dayOf(doc: MachineDoc): StoredDay {
  return { snapshot: doc.snapshot, version: doc.version, audit: doc.audit };
}

export function machineDayStore(db: { readonly machine: StationCollections['machine'] }, now: () => string = () => new Date().toISOString()): DayStore {
  const storage = db.machine.storageInstance;
  return {
    async read() {
      const [found] = await storage.findDocumentsById([MACHINE_DOC_ID], false);
      return found ? { day: dayOf(found), token: found } : null;
    },
    async write(day, token) {
      const previous = (token ?? undefined) as RxDocumentData<MachineDoc> | undefined;
      const fields: MachineDoc = {
        id: MACHINE_DOC_ID,
        snapshot: day.snapshot,
        version: day.version,
        savedAt: now(),
        audit: day.audit ? { ...day.audit, data: { ...day.audit.data } } : null,
      };
      // _rev and _meta are set by RxDB's storage wrapper.
      const document: RxDocumentData<MachineDoc> = previous
        ? { ...previous, ...fields }
        : { ...fields, _deleted: false, _attachments: {}, _rev: '', _meta: { lwt: 0 } };
      const result = await storage.bulkWrite([previous ? { previous, document } : { document }], 'polling-day-gate');
      const error = result.error[0];
      if (!error) return true;
      if (error.status === 409) return false;
      throw new Error(`the polling day could not be stored (status ${error.status})`);
    },
    watch(listener) {
      const subscription = db.machine.findOne(MACHINE_DOC_ID).$.subscribe((doc) => {
        if (doc) listener(dayOf(doc.toJSON()));
      });
      return () => subscription.unsubscribe();
    },
  };
}
