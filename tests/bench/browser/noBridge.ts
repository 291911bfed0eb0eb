/** Benchmarks in the browser run without main: any call to it is a failure of the benchmark. */
import type { StationBridge } from '../../../shared/bridge/StationBridge';

const unavailable = (): never => {
  throw new Error('main is not available in this benchmark');
};

export const noBridge: StationBridge = {
  importPackage: async () => unavailable(),
  demoPackage: async () => unavailable(),
  stationKey: async () => ({ publicKey: '', fingerprint: '' }),
  produceSheets: async () => unavailable(),
  // The benchmarks measure the renderer: the journal is main's, a no-op here.
  journal: async () => undefined,
  sheetUrl: () => unavailable(),
  signSyncRequest: async () => unavailable(),
  signBundle: async () => unavailable(),
  produceHandover: async () => unavailable(),
  produceArchive: async () => unavailable(),
};
