/**
 * Starting the lead's hub (server/hub) for the imported package, with the lead's own desk key
 * (`<data>/hub/lead/`, kept like the station key) and the address its settings say.
 */
import { startHub, type Hub } from '../../../server/hub';
import { loadOrCreateStationKey } from '../keys';
import { ensureDataDir } from '../dataDir';
import { hubDir, hubKeyDir, type LeadSettings } from './files';
import { listenOf, LOOPBACK_HOST } from './lan';
import type { HubStation } from './station';

/** The lead's own Ed25519 key (made on first use): its windows' requests are the lead desk's. */
export function leadPublicKey(dataDir: string): string {
  return loadOrCreateStationKey(ensureDataDir(hubKeyDir(dataDir, 'lead'))).publicKey;
}

const LISTEN_ERRORS: ReadonlySet<string | undefined> = new Set(['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES']);

/**
 * `lanFallback`: when the kept LAN address cannot be listened on (the laptop's address changed
 * since the day before, another program took the port), the hub starts on loopback instead — the
 * lead's windows work, its status says the LAN is off, and the lead enables it again with the
 * right address. Without it (the lead just chose the address) the failure is the answer.
 */
export async function startLeadHub(
  dataDir: string,
  settings: LeadSettings,
  station: HubStation,
  extra: { readonly now?: (() => Date) | undefined; readonly dbTemplate?: Blob | undefined; readonly lanFallback?: boolean } = {},
): Promise<Hub> {
  const options = {
    dataDir: ensureDataDir(hubDir(dataDir)),
    station,
    leadPublicKey: leadPublicKey(dataDir),
    ...(extra.now ? { now: extra.now } : {}),
    ...(extra.dbTemplate ? { dbTemplate: extra.dbTemplate } : {}),
  };
  const code = (error: unknown) => (error as NodeJS.ErrnoException).code;
  try {
    return await startHub({ ...options, listen: listenOf(settings) });
  } catch (error) {
    if (!LISTEN_ERRORS.has(code(error)) || (settings.lan && extra.lanFallback !== true)) throw error;
  }
  // Loopback only and the port taken (another station on this computer): any free port will do
  // for this computer's own desks; the LAN's address is the lead's choice and is never changed.
  try {
    return await startHub({ ...options, listen: { host: LOOPBACK_HOST, port: settings.port } });
  } catch (error) {
    if (code(error) !== 'EADDRINUSE') throw error;
    return startHub({ ...options, listen: { host: LOOPBACK_HOST, port: 0 } });
  }
}
