/**
 * A station opened in Node with the polls reconciled and the count started: the count tests'
 * starting point.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ElectionPackage } from '../../shared/election/schemas';
import type { StationBridge } from '../../shared/bridge/StationBridge';
import { stepOf } from '../../renderer/machine/pollingDay';
import type { OpenStation } from '../../renderer/station/openStation';
import type { Operator } from '../../renderer/station/types';
import { smallDemoPackage } from '../e2e/smallPackage';
import { directBridge, openTestStation } from './station';
import { testSetup as setup } from './setup';

export const by: Operator = { clerk: '郑洁', desk: '计票台' };
export { setup };

/** A station with `checkIns` voters checked in and the polls reconciled, ready to count (close it after). */
export async function readyToCount(checkIns: number, options: { pkg?: ElectionPackage; bridge?: StationBridge; dataDir?: string } = {}) {
  const pkg = options.pkg ?? smallDemoPackage(100);
  const s: OpenStation = await openTestStation(options.bridge ?? directBridge(options.dataDir ?? mkdtempSync(join(tmpdir(), 'count-'))));
  expect((await s.actions.importPackage(JSON.stringify(pkg), false, by)).ok).toBe(true);
  await s.actions.confirmSetup(setup, by);
  await s.actions.openPolls(by);
  for (const voter of pkg.roll.slice(0, checkIns)) expect((await s.actions.checkIn(voter.id, by)).ok).toBe(true);
  await s.actions.closePolls(by);
  expect((await s.actions.reconcile({ unused: 100 - checkIns, explanation: '', signedOffBy: '' }, by)).ok).toBe(true);
  await s.countActions.startCount(by);
  const ids = Object.fromEntries(pkg.election.positions.flatMap((p) => p.candidates.map((c) => [c.name, c.id]))) as Record<string, string>;
  return { s, pkg, ids, step: () => stepOf(s.actor.getSnapshot().value) };
}
