/**
 * The StationBridge served in-process: the main services called directly, for the Node host's
 * tests and the station's Node tests (the same functions the host and Electron's IPC call).
 */
import type { StationBridge } from '../../renderer/bridge/StationBridge';
import { demoPackageText } from './demo';
import { stationKeyInfo } from './keys';
import { consumeRecovery, importPackageJournaled, pendingRecovery, stationJournal } from './journal';
import { produceStationSheets } from './stationSheets';
import { syncSigningBridge } from './syncSigning';

export function nodeBridge(dataDir: string): Required<StationBridge> {
  return {
    importPackage: (text, options) => importPackageJournaled(text, { dataDir, reprovision: options?.reprovision === true }),
    demoPackage: async () => demoPackageText(),
    stationKey: async () => stationKeyInfo(dataDir),
    produceSheets: (request) => produceStationSheets(dataDir, request),
    journal: async (entry) => {
      await stationJournal(dataDir).append(entry);
    },
    sheetUrl: (file) => `file://${dataDir}/sheets/${file}`,
    ...syncSigningBridge(dataDir),
    pendingRecovery: async () => pendingRecovery(dataDir),
    consumeRecovery: async (id) => {
      consumeRecovery(dataDir, id);
    },
  };
}
