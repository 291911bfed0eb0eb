/**
 * The StationBridge's services in main: one function per method of shared/bridge/methods.ts,
 * the same for every door — Electron's IPC (main/electron/ipc.ts), the Node host
 * (main/host/bridgeRoute.ts) and the station's Node tests, which call it in-process.
 */
import type { StationBridge } from '../../shared/bridge/StationBridge';
import { demoPackageText } from './demo';
import { stationKeyInfo } from './keys';
import { checkImportJournaled, completeImportJournaled, consumeRecovery, pendingRecovery, stationJournal } from './journal';
import { demoAvailable } from './pinning';
import { hubBridge } from './hub/bridge';
import { hubService } from './hub/service';
import { produceArchive } from './archive/build';
import { produceHandover } from './handover';
import { produceStationSheets } from './stationSheets';
import { syncSigningBridge } from './syncSigning';

export function nodeBridge(dataDir: string): Required<StationBridge> {
  return {
    importPackage: async (text, options) => checkImportJournaled(text, { dataDir, reprovision: options?.reprovision === true }),
    completeImport: async (text, options) => {
      const outcome = await completeImportJournaled(text, { dataDir, reprovision: options?.reprovision === true });
      // A lead's hub serves the package just imported (started, or restarted for another one).
      if (outcome.ok) await hubService(dataDir).importCompleted();
      return outcome;
    },
    demoPackage: async (kind) => demoPackageText(kind),
    demoAvailable: async () => demoAvailable(dataDir),
    stationKey: async () => stationKeyInfo(dataDir),
    produceSheets: (request) => produceStationSheets(dataDir, request),
    produceHandover: (request) => produceHandover(dataDir, request),
    produceArchive: (request) => produceArchive(dataDir, request),
    journal: async (entry) => {
      await stationJournal(dataDir).append(entry);
    },
    sheetUrl: (file) => `file://${dataDir}/sheets/${file}`,
    ...syncSigningBridge(dataDir),
    pendingRecovery: async () => pendingRecovery(dataDir),
    consumeRecovery: async (id) => consumeRecovery(dataDir, id),
    journaledBallots: (round, entry, from) => stationJournal(dataDir).ballotsFrom(round, entry, from),
    ...hubBridge(dataDir),
  };
}
