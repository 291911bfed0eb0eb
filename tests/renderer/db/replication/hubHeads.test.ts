/**
 * A machine pulls a collection from its hub when the collection's head moved (hubHeads.ts): not
 * on every tick, not for another collection's record, and every fallback period in any case; one
 * probe at a time however slow the hub answers; an unanswered probe is no news.
 */
import { firstValueFrom, take, toArray } from 'rxjs';
import { expect, it } from 'vitest';
import { hubPullTrigger } from '../../../../renderer/db/replication/hubHeads';
import type { ProtocolSend } from '../../../../renderer/db/replication/client';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fakeHub(delayMs = 0) {
  const heads: Record<string, number> = { checkins: 5, machine: 2 };
  let probes = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  let down = false;
  const send: ProtocolSend = async (method, path) => {
    expect([method, path]).toEqual(['GET', '/hub/v1/heads']);
    probes++;
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    await sleep(delayMs);
    inFlight--;
    if (down) throw new Error('hub.offline');
    return { heads: { ...heads } };
  };
  return { send, heads, probes: () => probes, mostInFlight: () => mostInFlight, setDown: (value: boolean) => (down = value) };
}

it('pulls a collection when its head moves, not another collection, not on every probe', async () => {
  const hub = fakeHub();
  const trigger = hubPullTrigger(hub.send, 10, 60_000);
  const checkins: string[] = [];
  const machine: string[] = [];
  const a = trigger('checkins').subscribe((event) => checkins.push(event));
  const b = trigger('machine').subscribe((event) => machine.push(event));
  await sleep(80);
  expect(checkins).toEqual([]);
  expect(machine).toEqual([]);
  hub.heads['checkins'] = 6;
  await sleep(60);
  expect(checkins).toEqual(['RESYNC']);
  expect(machine).toEqual([]);
  // One probe serves every collection.
  const probesSoFar = hub.probes();
  expect(probesSoFar).toBeGreaterThan(3);
  expect(probesSoFar).toBeLessThan(20);
  a.unsubscribe();
  b.unsubscribe();
  const after = hub.probes();
  await sleep(50);
  expect(hub.probes()).toBe(after);
});

it('probes one at a time however slow the hub is; a hub away is no news, and back with news it is', async () => {
  const hub = fakeHub(40);
  const events: string[] = [];
  const sub = hubPullTrigger(hub.send, 5, 60_000)('checkins').subscribe((event) => events.push(event));
  await sleep(150);
  expect(hub.mostInFlight()).toBe(1);
  hub.setDown(true);
  hub.heads['checkins'] = 9;
  await sleep(150);
  expect(events).toEqual([]);
  hub.setDown(false);
  await sleep(150);
  expect(events).toEqual(['RESYNC']);
  sub.unsubscribe();
});

it('pulls every fallback period even when no head moves', async () => {
  const hub = fakeHub();
  const events = await firstValueFrom(hubPullTrigger(hub.send, 10, 30)('checkins').pipe(take(2), toArray()));
  expect(events).toEqual(['RESYNC', 'RESYNC']);
});
