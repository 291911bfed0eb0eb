/**
 * The station hub under load (issue 16, "Benchmarks"), on real machines of tests/helpers/hubMachines.ts:
 * the lead as a host process on 127.0.0.2 (its hub on 127.0.0.2:PORT, PGlite), six check-in desks
 * as host processes on 127.0.0.3–8, each claim sent through the desk's bridge (its main signs it and
 * sends it over the pinned TLS link), as the desk's renderer does.
 *
 *  - 6 desks issuing at once, a check-in every 2 s each, 10 minutes compressed HUB_BENCH_COMPRESSION
 *    times (default 10: every 200 ms each, 1,800 check-ins in a minute): the hub commit p95 — the
 *    hub's own time for the claim, from its arrival to the committed reply (authentication and the
 *    transaction; the hub's `Server-Timing`) — and beside it the claim's round trip at the desk
 *    (bridge → desk main → TLS → hub → back): on this 2-core machine nine processes share two
 *    cores, where a station has a laptop per desk;
 *  - a check-in at desk A visible at desk B (B asks the hub's heads every 250 ms and pulls by
 *    checkpoint when the check-ins' head moved, as a desk's replication does: from A's claim sent
 *    to B holding it) and enforced at desk B (B claims the same
 *    voter the moment A is answered: refused, naming A) p95; duplicates at the hub at the end;
 *  - catch-up: a desk cut off for 30 minutes pushes its 500 check-ins (one push of the replication's
 *    batch) — merged at the hub, and pulled by the lead, in how long.
 */
import type { ElectionPackage } from '../../shared/election/schemas';
import { HEADS_PATH, HUB_PATH, type HubHeads } from '../../shared/hub/protocol';
import { HEADS_PROBE_MS } from '../../renderer/db/replication/hubHeads';
import { answerOf, checkinRecord, claimThrough, freePort, importThroughBridge, LEAD_IP, pairThroughBridge, pullAll, pushThrough, removeMachineData, startMachine, type HubDoc, type Machine } from '../helpers/hubMachines';
import { machineDoc, setupDoc } from '../server/hub/recordsFixture';
import type { BenchRow } from './measure';

const DESKS = 6;
const COMPRESSION = Number(process.env.HUB_BENCH_COMPRESSION ?? 10);
const INTERVAL_MS = 2000 / COMPRESSION;
const PER_DESK = (10 * 60_000) / 2000;
/** Every 5th check-in of desk A is followed at desk B. */
const PROBE_EVERY = 5;
const PARTITION_CHECKINS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
}

async function pushLead(lead: Machine, collection: string, doc: object): Promise<void> {
  const { status, json } = answerOf(await pushThrough(lead.bridge, collection, [doc]));
  if (status !== 200 || (json as unknown[]).length > 0) throw new Error(`lead push ${collection}: ${status} ${JSON.stringify(json)}`);
}

/**
 * Desk B's replication, as a desk's (renderer/db/replication/hubHeads.ts): the hub's heads asked
 * every HEADS_PROBE_MS, the check-ins pulled by checkpoint when their head moved; when each id
 * was first held.
 */
function follower(desk: Machine): { readonly seen: Map<string, number>; stop(): Promise<void> } {
  const seen = new Map<string, number>();
  let checkpoint: unknown = null;
  let running = true;
  let head = -1;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const heads = answerOf<HubHeads>(await desk.bridge.hubRequest('GET', HEADS_PATH)).json.heads;
      if (heads['checkins'] !== head) {
        head = heads['checkins'] ?? 0;
        for (;;) {
          const { json } = answerOf<{ documents: HubDoc[]; checkpoint: unknown }>(
            await desk.bridge.hubRequest('GET', `${HUB_PATH}/checkins/pull?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=500`),
          );
          const now = performance.now();
          for (const doc of json.documents) if (!seen.has(doc.id)) seen.set(doc.id, now);
          if (json.documents.length === 0) break;
          checkpoint = json.checkpoint;
        }
      }
      await sleep(HEADS_PROBE_MS - (performance.now() - started));
    }
  })();
  return {
    seen,
    async stop() {
      running = false;
      await loop;
    },
  };
}

export async function hubBenchmarks(): Promise<BenchRow[]> {
  const hubPort = await freePort(LEAD_IP);
  const machines: Machine[] = [];
  try {
    const started = await Promise.all([
      startMachine({ name: '主机', bind: LEAD_IP, hubLan: { host: LEAD_IP, port: hubPort } }),
      ...Array.from({ length: DESKS + 1 }, (_, i) => startMachine({ name: `发票台 ${i + 1}`, bind: `127.0.0.${3 + i}` })),
    ]);
    machines.push(...started);
    const [lead, ...all] = started;
    const desks = all.slice(0, DESKS);
    const partitioned = all[DESKS]!;
    const text = await lead.bridge.demoPackage('full');
    const pkg = JSON.parse(text) as ElectionPackage;
    await importThroughBridge(lead.bridge, text);
    for (const [i, desk] of all.entries()) await pairThroughBridge(lead, desk, `发票台 ${i + 1}`);
    await pushLead(lead, 'setup', setupDoc(5000));
    await pushLead(lead, 'machine', machineDoc({ polling: 'open' }, 2, { type: 'polls.opened', at: new Date().toISOString() }));

    const voters = pkg.roll.filter((v) => v.status === 'registered').map((v) => v.id);
    const needed = DESKS * PER_DESK + PARTITION_CHECKINS;
    if (voters.length < needed) throw new Error(`the demo roll has ${voters.length} registered voters, the benchmark needs ${needed}`);
    const names = desks.map((_, i) => `发票台 ${i + 1}`);

    // 6 desks at once, each a check-in every INTERVAL_MS.
    const commits: number[] = [];
    /** The same claims as the hub timed them (Server-Timing). */
    const atHubMs: number[] = [];
    const visible: number[] = [];
    const enforced: number[] = [];
    /** The same link's round trip without a transaction (GET /hello at desk 3): what of the commit is transport and load. */
    const hello: number[] = [];
    let refusedWrongly = 0;
    let failures = 0;
    const probeSentAt = new Map<string, number>();
    const watch = follower(desks[1]!);
    const run = async (index: number) => {
      const mine = voters.slice(index * PER_DESK, (index + 1) * PER_DESK);
      const t0 = performance.now();
      for (const [n, voterId] of mine.entries()) {
        await sleep(t0 + n * INTERVAL_MS - performance.now());
        const sent = performance.now();
        const answer = await claimThrough(desks[index]!.bridge, checkinRecord(voterId, names[index]!));
        const answered = performance.now();
        if (answer.kind !== 'answer' || answer.status !== 200) {
          failures++;
          continue;
        }
        commits.push(answered - sent);
        if (answer.hubMs !== undefined) atHubMs.push(answer.hubMs);
        if (index === 2) {
          const asked = performance.now();
          if ((await desks[2]!.bridge.hubRequest('GET', `${HUB_PATH}/hello`)).kind === 'answer') hello.push(performance.now() - asked);
        }
        if (index === 0 && n % PROBE_EVERY === 0) {
          probeSentAt.set(`1:${voterId}`, sent);
          const refusal = answerOf<{ code: string; issues: Array<{ params?: Record<string, unknown> }> }>(await claimThrough(desks[1]!.bridge, checkinRecord(voterId, names[1]!)));
          if (refusal.status === 409 && refusal.json.code === 'hub.alreadyIssued' && refusal.json.issues[0]?.params?.['desk'] === names[0]) enforced.push(performance.now() - sent);
          else refusedWrongly++;
        }
      }
    };
    await Promise.all(desks.map((_, i) => run(i)));
    await sleep(1500);
    await watch.stop();
    for (const [id, sent] of probeSentAt) {
      const at = watch.seen.get(id);
      if (at !== undefined) visible.push(at - sent);
    }
    const atHub = await pullAll(lead.bridge, 'checkins');
    const duplicates = atHub.length - new Set(atHub.map((doc) => doc['voterId'])).size;
    const missing = commits.length - atHub.length;

    // Catch-up: 500 check-ins made offline over 30 minutes, pushed at once on reconnection.
    const offlineStart = Date.now() - 30 * 60_000;
    const offline = voters.slice(DESKS * PER_DESK, needed).map((voterId, n) => checkinRecord(voterId, `发票台 ${DESKS + 1}`, '离线登记员', new Date(offlineStart + n * 3600).toISOString()));
    const before = atHub.length;
    const pushStart = performance.now();
    const pushed = answerOf<unknown[]>(await pushThrough(partitioned.bridge, 'checkins', offline));
    const merged = performance.now() - pushStart;
    if (pushed.status !== 200 || pushed.json.length > 0) throw new Error(`catch-up push: ${pushed.status} ${JSON.stringify(pushed.json).slice(0, 300)}`);
    const pullStart = performance.now();
    const afterMerge = await pullAll(lead.bridge, 'checkins');
    const pulled = performance.now() - pullStart;

    const load = `${COMPRESSION}× compressed, ${commits.length} commits, ${failures} failed`;
    return [
      { name: `hub commit p95 at the hub (arrival → committed reply), ${DESKS} desks × a check-in every 2 s (${load}, ${atHubMs.length} timed)`, value: p95(atHubMs), unit: 'ms', goal: '≤ 30 ms' },
      { name: `the claim's round trip at the desk (bridge → desk main → TLS → hub → back) p95, 9 processes on this machine`, value: p95(commits), unit: 'ms', goal: '—' },
      { name: `the same link without a transaction (GET /hello, bridge → desk main → TLS → hub) p95, ${hello.length} requests`, value: p95(hello), unit: 'ms', goal: '—' },
      { name: `check-in at desk A visible at desk B (heads every ${HEADS_PROBE_MS} ms, then a pull) p95, ${visible.length} of ${probeSentAt.size} probes`, value: p95(visible), unit: 'ms', goal: '≤ 500 ms' },
      { name: `check-in at desk A enforced at desk B (refused, naming A) p95, ${enforced.length} probes, ${refusedWrongly} not refused`, value: p95(enforced), unit: 'ms', goal: '≤ 500 ms' },
      { name: `duplicates at the hub (${atHub.length} check-ins, ${missing} confirmed but missing)`, value: duplicates + Math.abs(missing) + refusedWrongly, unit: 'errors', goal: '0' },
      { name: `catch-up: ${PARTITION_CHECKINS} check-ins of a 30-minute partition merged at the hub (one push)`, value: merged, unit: 'ms', goal: '≤ 5000 ms' },
      { name: `catch-up: the lead pulls all ${afterMerge.length} (${afterMerge.length - before} new)`, value: pulled, unit: 'ms', goal: '—' },
    ];
  } finally {
    for (const machine of machines) {
      await machine.stop().catch(() => undefined);
      removeMachineData(machine);
    }
  }
}
