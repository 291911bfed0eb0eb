/**
 * What main keeps of the station hub in the data folder (issue 16), under `<data>/hub/`:
 *   settings.json   this machine is the lead, and its LAN settings (off by default: loopback only)
 *   desk.json       this machine is a desk: the hub it is paired with, its pinned certificate, its id
 *   lead/, desk/    the lead's and the desk's own Ed25519 keys, kept like the station key (keyStore.ts)
 *   db/, tls …      the hub's own store and certificate (server/hub)
 * Small JSON files written atomically (atomicFile.ts); a damaged one is an error, never replaced.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readTextIfExists, writeFileAtomic } from '../atomicFile';
import { ensureDataDir } from '../dataDir';

export const HUB_DIR = 'hub';
export const SETTINGS_FILE = 'settings.json';
export const DESK_FILE = 'desk.json';
export const SETTINGS_FORMAT = 'polling-station/hub-settings@1';
export const DESK_FORMAT = 'polling-station/hub-desk@1';

export function hubDir(dataDir: string): string {
  return join(dataDir, HUB_DIR);
}

/** The folders of this machine's hub keys (each holds one key file of the station key's format). */
export function hubKeyDir(dataDir: string, who: 'lead' | 'desk'): string {
  return join(hubDir(dataDir), who);
}

/** Every folder that may hold a hub key (Electron opens their sealed files at start). */
export function hubKeyDirs(dataDir: string): string[] {
  return [hubKeyDir(dataDir, 'lead'), hubKeyDir(dataDir, 'desk')];
}

const settingsSchema = z.strictObject({
  format: z.literal(SETTINGS_FORMAT),
  lan: z.boolean(),
  host: z.string().min(1).max(253),
  port: z.number().int().min(0).max(65_535),
  enabledAt: z.string(),
});
/** The lead's settings: present once the lead enabled its hub; the hub starts with them at every start of main. */
export type LeadSettings = z.infer<typeof settingsSchema>;

const deskSchema = z.strictObject({
  format: z.literal(DESK_FORMAT),
  hub: z.string().min(1),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  deskId: z.string().min(1),
  deskName: z.string().min(1),
  role: z.enum(['checkin', 'count']),
  stationId: z.string().min(1),
  electionHash: z.string().min(1),
  pairedAt: z.string(),
});
/** A desk's link to its hub (what pairing left). */
export type DeskLink = z.infer<typeof deskSchema>;

function readJson<T>(file: string, schema: z.ZodType<T>, what: string): T | null {
  const text = readTextIfExists(file);
  if (text === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${what} ${file} is damaged (not JSON); it is not replaced automatically — restore it or move it away`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`${what} ${file} is damaged (${parsed.error.issues[0]?.message ?? 'invalid'}); it is not replaced automatically — restore it or move it away`);
  return parsed.data;
}

function writeJson(dataDir: string, name: string, value: object): void {
  ensureDataDir(hubDir(dataDir));
  writeFileAtomic(join(hubDir(dataDir), name), `${JSON.stringify(value, null, 2)}\n`);
}

export function readLeadSettings(dataDir: string): LeadSettings | null {
  return readJson(join(hubDir(dataDir), SETTINGS_FILE), settingsSchema, 'The hub settings file');
}

export function writeLeadSettings(dataDir: string, settings: LeadSettings): void {
  writeJson(dataDir, SETTINGS_FILE, settingsSchema.parse(settings));
}

export function readDeskLink(dataDir: string): DeskLink | null {
  return readJson(join(hubDir(dataDir), DESK_FILE), deskSchema, 'The desk pairing file');
}

export function writeDeskLink(dataDir: string, link: DeskLink): void {
  writeJson(dataDir, DESK_FILE, deskSchema.parse(link));
}
