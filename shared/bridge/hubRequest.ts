/**
 * The hub's bridge calls as main checks them at the door (issue 16; the types are
 * shared/hub/bridgeTypes.ts): the lead's LAN settings, a desk's pairing request, one request to
 * the hub on the renderer's behalf, an anomaly's resolution. Main's services make their own
 * checks after these (a pairing offer's text is decoded, a host name resolved, a port bound).
 * Pure (zod only): the sandboxed preload bundles it.
 */
import { z } from 'zod';
import { MAX_BODY_BYTES } from './limits';

export const hubLanSettingsSchema = z.strictObject({
  lan: z.boolean(),
  host: z.string().min(1).max(253).optional(),
  port: z.number().int().min(1).max(65_535).optional(),
});

const deskName = z.string().trim().min(1).max(40);

export const hubPairRequestSchema = z.strictObject({
  offerText: z.string().max(4096).optional(),
  hub: z.string().max(300).optional(),
  code: z.string().max(64).optional(),
  deskName,
  role: z.enum(['checkin', 'count']),
});

/** A desk id, as the hub gives it. */
export const deskIdSchema = z.string().min(1).max(100).describe('desk id');

export const hubMethodSchema = z.enum(['GET', 'POST']).describe('method');
/** Every hub endpoint is under /hub/v1 (shared/hub/protocol.ts HUB_PATH). */
export const hubPathSchema = z
  .string()
  .max(4096)
  .regex(/^\/hub\/v1\/[A-Za-z0-9/_\-.~%?=&:,+]*$/)
  .describe('path');
export const hubBodySchema = z.string().max(MAX_BODY_BYTES).describe('body');

export const anomalyIdSchema = z.string().min(1).max(200).describe('anomaly id');

export const anomalyResolutionSchema = z.strictObject({
  standing: z.string().max(300).nullable(),
  reason: z.string().max(1000),
  clerk: z.string().max(64),
  desk: z.string().max(64),
});
