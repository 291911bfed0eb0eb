/** Two server instances on one database serve the same data, live, and share the replay table. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistrictServer, type DistrictServer } from '../../server/app';
import type { Db } from '../../server/db/types';
import { BACKENDS, type TestDatabase } from './helpers/backends';
import { StationClient, SyncError } from './helpers/client';
import { ballotDocs, enrolTestStation } from './helpers/fixtures';
import { syncStream, type StreamItem } from './helpers/sse';

describe.each(BACKENDS)('two instances on $name', (backend) => {
  let database: TestDatabase;
  let dbs: Db[];
  let servers: DistrictServer[];

  beforeAll(async () => {
    database = await backend.create();
    // PostgreSQL: two pools, migrated at the same moment (the advisory lock keeps that safe).
    // PGlite runs in one process only, so both instances share its one connection.
    if (backend.name === 'PostgreSQL') dbs = await Promise.all([database.open(), database.open()]);
    else {
      const one = await database.open();
      dbs = [one, one];
    }
    servers = await Promise.all(dbs.map((db) => startDistrictServer({ port: 0, db })));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await Promise.all([...new Set(dbs)].map((db) => db.close()));
    await database.drop();
  });

  it('a write through one instance is read, and streamed, through the other', async () => {
    const station = await enrolTestStation(dbs[0]!, 'shared-01');
    const [a, b] = servers.map((server) => new StationClient(server.url, station)) as [StationClient, StationClient];
    const received: StreamItem[] = [];
    const subscription = syncStream(b, 'ballots').subscribe((item) => received.push(item));
    try {
      while (!received.includes('RESYNC')) await new Promise((resolve) => setTimeout(resolve, 10));
      const docs = ballotDocs(station.election, 300, 41);
      await a.pushNew('ballots', docs, 100);
      const pulled = await b.pullAll('ballots');
      expect(pulled.documents.map((doc) => doc.id)).toEqual(docs.map((doc) => doc.id));
      const deadline = Date.now() + 10_000;
      const streamed = () => received.flatMap((item) => (item === 'RESYNC' ? [] : item.documents.map((doc) => doc.id)));
      while (streamed().length < 300 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(new Set(streamed())).toEqual(new Set(docs.map((doc) => doc.id)));
      const lastCheckpoint = [...received].reverse().find((item): item is Exclude<StreamItem, 'RESYNC'> => item !== 'RESYNC')?.checkpoint;
      expect(lastCheckpoint).toEqual(pulled.checkpoint);
    } finally {
      subscription.unsubscribe();
    }
  });

  it('a request seen by one instance is a replay at the other', async () => {
    const station = await enrolTestStation(dbs[1]!, 'shared-02');
    const a = new StationClient(servers[0]!.url, station);
    const b = new StationClient(servers[1]!.url, station);
    const path = StationClient.pullPath('ballots', null, 10);
    const headers = a.headers('GET', path);
    await a.request('GET', path, undefined, headers);
    const replay = await b.request('GET', path, undefined, headers).then(() => null, (error: unknown) => error);
    expect(replay).toBeInstanceOf(SyncError);
    expect((replay as SyncError).body.code).toBe('sync.replayed');
  });
});
