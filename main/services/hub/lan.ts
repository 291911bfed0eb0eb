/**
 * Where the lead's hub listens: with the LAN off (the default) on loopback only, 127.0.0.1 —
 * the lead's own windows talk to it in-process and a desk on this same computer can still
 * reach it; with the LAN on, on the host and port the lead chose (by default this computer's
 * first LAN address and HUB_DEFAULT_PORT).
 */
import { networkInterfaces } from 'node:os';
import type { HubLanSettings } from '../../../shared/hub/bridgeTypes';
import { HUB_DEFAULT_PORT } from '../../../shared/hub/protocol';
import type { LeadSettings } from './files';

export const LOOPBACK_HOST = '127.0.0.1';

/** This computer's first non-internal IPv4 address (what a desk on the LAN dials), else 0.0.0.0. */
export function defaultLanHost(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return '0.0.0.0';
}

/** The settings kept for a request of the lead (host and port kept from before when not given). */
export function nextSettings(request: HubLanSettings, before: LeadSettings | null, now: Date): LeadSettings {
  return {
    format: 'polling-station/hub-settings@1',
    lan: request.lan,
    host: request.host ?? before?.host ?? (request.lan ? defaultLanHost() : LOOPBACK_HOST),
    port: request.port ?? before?.port ?? HUB_DEFAULT_PORT,
    enabledAt: before?.enabledAt ?? now.toISOString(),
  };
}

/** The address the hub listens on under `settings`. */
export function listenOf(settings: LeadSettings): { host: string; port: number } {
  return settings.lan ? { host: settings.host, port: settings.port } : { host: LOOPBACK_HOST, port: settings.port };
}
