/**
 * The ids of the station's records, written once: the station builds them (renderer/station),
 * main's journal replays them, and the district reads the synced records by them
 * (server/results/recount.ts). An id that makes a second record impossible (one check-in per
 * voter and round, one proxy slot per holder and number, one ballot per desk place and attempt)
 * is how two desks cannot both win a race, so these formats are part of the data: changing one
 * is a migration, not a refactor.
 */
import type { Entry } from './countInput';

const padded = (value: number, width: number) => String(value).padStart(width, '0');

/** The one station setup document. */
export const SETUP_ID = 'setup';

/** The polling-day machine's saved snapshot (one per station). */
export const POLLING_DAY_ID = 'polling-day';

/** A voter's check-in in a round (`2:v-000042`): one per voter and round. */
export const checkinId = (round: number, voterId: string): string => `${round}:${voterId}`;

/**
 * One of a proxy holder's slots (`1:v-000042:2`, slot 1…max): one document per slot. A desk of
 * the station hub adds its machine's key (`1:v-000042:2-d1f2e3a4b5c6d`): two machines never take
 * the same id (across machines the hub's claim caps the holder's proxies, or flags them).
 */
export const proxyId = (round: number, holderVoterId: string, slot: number, machine = ''): string =>
  `${round}:${holderVoterId}:${slot}${machine === '' ? '' : `-${machine}`}`;

/**
 * The round's n-th mobile box trip (`1-M3`). A desk of the station hub (issue 16) adds its
 * machine's key (`1-M3-d1f2e3a4b5c6d`, the key of its audit chain): two desks counting their
 * trips apart — offline, or at the same moment — never make the same id.
 */
export const tripId = (round: number, n: number, machine = ''): string => `${round}-M${n}${machine === '' ? '' : `-${machine}`}`;

/** The round's n-th spoiled ballot, replaced for a voter (`1-S0007-v-000042`; a desk of the station hub adds its machine key, as for trips). */
export const spoiledId = (round: number, n: number, voterId: string, machine = ''): string => `${round}-S${padded(n, 4)}-${voterId}${machine === '' ? '' : `-${machine}`}`;

/** The ballot account of a round at the close (`round-1`). */
export const reconciliationId = (round: number): string => `round-${round}`;

/** The count record of a round's boxes as opened (`boxes-1`). */
export const boxesId = (round: number): string => `boxes-${round}`;

/** The count record of a round's result (`result-1`). */
export const resultId = (round: number): string => `result-${round}`;

/** The signed results and printed sheet, under the last round (`sheet-2`). */
export const sheetId = (round: number): string => `sheet-${round}`;

const resolutionPrefix = (round: number) => `resolution-${round}-`;

/** A double-entry disagreement settled by the 监票人 (`resolution-1-000030`). */
export const resolutionId = (round: number, seq: number): string => `${resolutionPrefix(round)}${padded(seq, 6)}`;

/** Whether a count record id is one of the round's resolutions. */
export const isResolutionOf = (id: string, round: number): boolean => id.startsWith(resolutionPrefix(round));

/**
 * A ballot document as entered at one desk's place (`R1-A-000030-1`): two windows entering the
 * same place get the same id, so the second insert conflicts. `attempt` counts the ballots
 * once entered (and withdrawn) at that place, from 1.
 */
export const ballotDocId = (round: number, entry: Entry, seq: number, attempt: number): string => `R${round}-${entry}-${padded(seq, 6)}-${attempt}`;

/** The attempt number of a ballot document id (`R1-A-000030-2` → 2), or 0 when it is not one. */
export const attemptOfBallotDocId = (id: string): number => Number(/^R\d+-[AB]-\d{6}-(\d+)$/.exec(id)?.[1] ?? 0);

/** The withdrawal of a ballot document (`R1-A-000030-1-W`). */
export const withdrawalId = (ballotId: string): string => `${ballotId}-W`;

/** A ballot's id in the count's input (`R1-0030`): its round and place in the counted pile. */
export const countBallotId = (round: number, seq: number): string => `R${round}-${padded(seq, 4)}`;

/**
 * An audit event (`audit-000000042`): the id carries the seq, so a second append on the same head
 * conflicts. Each machine of a station keeps its own chain (issue 16: the records of every desk
 * meet at the hub): the lead's (or a lone station's) ids are as above, a desk's carry its chain
 * key (`audit-d1f2e3a4b5c6d-000000042`, auditChainKey) — two desks never take the same id.
 */
export const auditId = (seq: number, chain = ''): string => `audit-${chain === '' ? '' : `${chain}-`}${padded(seq, 9)}`;

/** The chain an audit event id belongs to ('' for the lead's), or null when it is not an audit id. */
export function auditChainOf(id: string): string | null {
  const match = /^audit-(?:(d[0-9a-f]{12})-)?\d{9}$/.exec(id);
  return match ? (match[1] ?? '') : null;
}

/** The ids of one chain lie in [first, end): `end` sorts after every id of the chain and before every other chain's. */
export function auditIdRange(chain: string): { readonly first: string; readonly end: string } {
  return { first: auditId(0, chain), end: chain === '' ? 'audit-:' : `audit-${chain}-:` };
}

