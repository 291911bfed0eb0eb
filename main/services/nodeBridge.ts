/**
 * The StationBridge served in-process: the main services called directly, for the Node host's
 * tests and the station's Node tests (the same functions the host and Electron's IPC call).
 */
import type { StationBridge } from '../../renderer/bridge/StationBridge';
import { demoPackageText } from './demo';
import { stationKeyInfo } from './keys';
import { importPackageText } from './packageImport';
import { produceStationSheets } from './stationSheets';

export function nodeBridge(dataDir: string): StationBridge {
  return {
    importPackage: async (text, options) => importPackageText(text, { dataDir, reprovision: options?.reprovision === true }),
    demoPackage: async () => demoPackageText(),
    stationKey: async () => stationKeyInfo(dataDir),
    produceSheets: (request) => produceStationSheets(dataDir, request),
    sheetUrl: (file) => `file://${dataDir}/sheets/${file}`,
  };
}
