/**
 * The hub's anomalies table (issue 16): what the merge of a partitioned desk's records found, and
 * the 总监票人's resolution. Appended to the hub's migrations (server/hub/migrations.ts).
 */
export const HUB_ANOMALIES_MIGRATION = {
  name: 'hub_anomalies',
  statements: [
    `CREATE TABLE hub_anomalies (
       station_id text NOT NULL,
       id text NOT NULL,
       kind text NOT NULL CHECK (kind IN ('duplicateCheckin', 'proxyLimit', 'stockOverdrawn', 'afterClose')),
       round integer NOT NULL,
       -- The voter (duplicateCheckin, afterClose) or the proxy holder (proxyLimit); '' for the stock.
       subject text NOT NULL,
       records jsonb NOT NULL,
       detected_at timestamptz NOT NULL,
       resolution jsonb,
       PRIMARY KEY (station_id, id))`,
    // One open anomaly per kind, round and subject: what later merges find joins it.
    `CREATE UNIQUE INDEX hub_anomalies_open ON hub_anomalies (station_id, kind, round, subject) WHERE resolution IS NULL`,
    // A resolution is final.
    `CREATE FUNCTION hub_anomalies_final() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF OLD.resolution IS NOT NULL THEN
         RAISE EXCEPTION 'anomaly % is resolved: a resolution is final', OLD.id;
       END IF;
       IF TG_OP = 'DELETE' THEN
         RAISE EXCEPTION 'anomaly % cannot be deleted', OLD.id;
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER hub_anomalies_final BEFORE UPDATE OR DELETE ON hub_anomalies FOR EACH ROW EXECUTE FUNCTION hub_anomalies_final()`,
  ],
} as const;

/**
 * A check-in claim needs the round's issued check-ins and spoiled ballots (the stock) on every
 * claim: counting them is a walk through every check-in (5,000 at a large station, ~30 ms).
 * Counted instead as they are written — by a trigger on the district's `documents` table in the
 * hub's database, so every writer (a claim, a push's COPY or update, a resolution) keeps it
 * exact in its own transaction. Started from the records already there.
 */
export const HUB_ROUND_COUNTS_MIGRATION = {
  name: 'issued check-ins and spoiled ballots counted per round',
  statements: [
    `CREATE TABLE hub_round_counts (
       station_id text NOT NULL,
       collection text NOT NULL CHECK (collection IN ('checkins', 'spoiled')),
       round text NOT NULL,
       n bigint NOT NULL,
       PRIMARY KEY (station_id, collection, round))`,
    // What counts: an issued check-in, a spoiled ballot; neither once deleted.
    `CREATE FUNCTION hub_counted(collection text, data jsonb, deleted boolean) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
       SELECT NOT deleted AND (collection = 'spoiled' OR (collection = 'checkins' AND data->>'status' = 'issued'))
     $$`,
    `CREATE FUNCTION hub_count_rounds() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP IN ('UPDATE', 'DELETE') AND hub_counted(OLD.collection, OLD.data, OLD.deleted) THEN
         UPDATE hub_round_counts SET n = n - 1 WHERE station_id = OLD.station_id AND collection = OLD.collection AND round = OLD.data->>'round';
       END IF;
       IF TG_OP IN ('INSERT', 'UPDATE') AND hub_counted(NEW.collection, NEW.data, NEW.deleted) THEN
         INSERT INTO hub_round_counts (station_id, collection, round, n) VALUES (NEW.station_id, NEW.collection, NEW.data->>'round', 1)
         ON CONFLICT (station_id, collection, round) DO UPDATE SET n = hub_round_counts.n + 1;
       END IF;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER hub_count_rounds AFTER INSERT OR UPDATE OR DELETE ON documents
       FOR EACH ROW EXECUTE FUNCTION hub_count_rounds()`,
    `INSERT INTO hub_round_counts (station_id, collection, round, n)
       SELECT station_id, collection, data->>'round', count(*) FROM documents
        WHERE collection IN ('checkins', 'spoiled') AND hub_counted(collection, data, deleted) AND data->>'round' IS NOT NULL
        GROUP BY station_id, collection, data->>'round'`,
  ],
} as const;

/**
 * Count tables across machines (分组计票): a count desk takes its table and entry of a round at
 * the hub before it enters a ballot there (countTables.ts). Hub-only, not a replicated record.
 * A claim is never released: the ballots it numbered carry its places for good.
 */
export const HUB_COUNT_TABLES_MIGRATION = {
  name: 'count tables taken by desks',
  statements: [
    `CREATE TABLE hub_count_tables (
       station_id text NOT NULL,
       round integer NOT NULL CHECK (round >= 1),
       table_no integer NOT NULL CHECK (table_no BETWEEN 1 AND 9),
       entry text NOT NULL CHECK (entry IN ('A', 'B')),
       -- The desk as it was when it took the table (its name is what the recorders see).
       desk_id text NOT NULL,
       desk_name text NOT NULL,
       clerk text NOT NULL,
       claimed_at timestamptz NOT NULL,
       PRIMARY KEY (station_id, round, table_no, entry))`,
  ],
} as const;

/**
 * Two desks' different papers under one ballot id (two machines at one count table and entry —
 * the hub's count-table claim prevents it; a lost claim table or a desk of an older version
 * could not): the hub keeps the first, refuses the second, and now records the two as an
 * anomaly for the 总监票人 instead of only in the document history.
 */
export const HUB_BALLOT_COLLISION_MIGRATION = {
  name: 'anomaly kind ballotCollision',
  statements: [
    `ALTER TABLE hub_anomalies DROP CONSTRAINT hub_anomalies_kind_check`,
    `ALTER TABLE hub_anomalies ADD CONSTRAINT hub_anomalies_kind_check CHECK (kind IN ('duplicateCheckin', 'proxyLimit', 'stockOverdrawn', 'afterClose', 'ballotCollision'))`,
  ],
} as const;
