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
