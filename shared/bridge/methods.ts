/**
 * The StationBridge's methods — the one list every door is built from. Each `invoke` method has
 * its arguments as a zod tuple: main checks them at the door (Electron IPC and the Node host
 * alike) before the service runs (main/services/nodeBridge.ts); the services then make their
 * own checks (the package, the sheet request, the text to sign). `local` methods are answered
 * by the door itself (the preload, the HTTP client).
 *
 * Adding a method to the StationBridge: one line here (tsc fails until it is added, and when its
 * schema does not give the interface's parameters) and the service in nodeBridge.ts.
 * Pure (zod only): the sandboxed preload bundles it.
 */
import { z } from 'zod';
import { DEMO_KINDS } from '../election/demo';
import { invoke, invokeMethodsOf, LOCAL, type ArgsOf, type InvokeMethodOf, type LocalMethodOf } from './define';
import { journalEntrySchema, recoveryIdSchema } from './journal';
import { MAX_BODY_BYTES } from './limits';
import type { SheetRequest } from './sheetRequest';
import type { ArchiveRequest } from './archiveRequest';
import type { HandoverRequest } from './handoverRequest';
import type { StationBridge } from './StationBridge';
import { anomalyIdSchema, anomalyResolutionSchema, deskIdSchema, hubBodySchema, hubLanSettingsSchema, hubMethodSchema, hubPairRequestSchema, hubPathSchema } from './hubRequest';

const text = z.string().max(MAX_BODY_BYTES).describe('text');

export const BRIDGE_METHODS = {
  importPackage: invoke('Package import', z.tuple([text, z.strictObject({ reprovision: z.boolean().optional() }).optional().describe('options')])),
  completeImport: invoke('Package import', z.tuple([text, z.strictObject({ reprovision: z.boolean().optional() }).optional().describe('options')])),
  demoPackage: invoke('Demo package', z.tuple([z.enum(DEMO_KINDS).optional().describe('demo')])),
  demoAvailable: invoke('Demo package', z.tuple([])),
  stationKey: invoke('Station key', z.tuple([])),
  // Any request reaches produceStationSheets, which checks it with sheetRequestSchema and answers
  // the issues of a malformed one (an Outcome the clerk sees), not a refusal at the door.
  produceSheets: invoke('Tally sheet', z.tuple([z.custom<SheetRequest>((value) => value !== undefined).describe('sheet request')])),
  // Like produceSheets: main checks the request itself and answers a bad one with its issues.
  produceHandover: invoke('Handover list', z.tuple([z.custom<HandoverRequest>((value) => value !== undefined).describe('handover request')])),
  produceArchive: invoke('Election archive', z.tuple([z.custom<ArchiveRequest>((value) => value !== undefined).describe('archive request')])),
  journal: invoke('Journal', z.tuple([journalEntrySchema])),
  sheetUrl: LOCAL,
  signSyncRequest: invoke('Sync signing', z.tuple([text, text.optional().describe('body')])),
  signBundle: invoke('Bundle signing', z.tuple([text])),
  pendingRecovery: invoke('Journal recovery', z.tuple([])),
  consumeRecovery: invoke('Journal recovery', z.tuple([recoveryIdSchema])),
  journaledBallots: invoke('Journal', z.tuple([z.number().int().min(1).max(100).describe('round'), z.enum(['A', 'B']).describe('entry'), z.number().int().min(1).max(10_000_000).describe('from')])),
  hubStatus: invoke('Station hub', z.tuple([])),
  hubEnableLead: invoke('Station hub', z.tuple([hubLanSettingsSchema.describe('settings')])),
  hubOffer: invoke('Station hub', z.tuple([])),
  hubRevoke: invoke('Station hub', z.tuple([deskIdSchema])),
  hubPair: invoke('Hub pairing', z.tuple([hubPairRequestSchema.describe('pairing request')])),
  hubRequest: invoke('Hub request', z.tuple([hubMethodSchema, hubPathSchema, hubBodySchema.optional()])),
  hubAnomalies: invoke('Hub anomalies', z.tuple([])),
  hubResolveAnomaly: invoke('Hub anomalies', z.tuple([anomalyIdSchema, anomalyResolutionSchema.describe('resolution')])),
} as const satisfies Record<keyof StationBridge, unknown>;

export type StationContract = typeof BRIDGE_METHODS;
export type BridgeMethod = keyof StationContract;
export type InvokeMethod = InvokeMethodOf<StationContract>;
export type LocalMethod = LocalMethodOf<StationContract>;

export const INVOKE_METHODS: readonly InvokeMethod[] = invokeMethodsOf(BRIDGE_METHODS);

/** The input schema of every `invoke` method. */
export const BRIDGE_INPUTS = Object.fromEntries(INVOKE_METHODS.map((method) => [method, BRIDGE_METHODS[method].input])) as {
  readonly [M in InvokeMethod]: StationContract[M]['input'];
};

/** The services main serves the StationBridge with (nodeBridge(dataDir)). */
export type BridgeServices = Required<Pick<StationBridge, InvokeMethod>>;

// tsc fails here when what a method's input schema lets through is not what the interface's
// parameters take (the schema may be stricter: the journal entry's records are checked field by field).
type Mismatched = { [M in InvokeMethod]: [ArgsOf<StationContract, M>] extends [Parameters<BridgeServices[M]>] ? never : M }[InvokeMethod];
const argumentsMatch: [Mismatched] extends [never] ? true : Mismatched = true;
void argumentsMatch;
