/**
 * The tables of the steps before polling day (issue 17), one migration of the district's list
 * (server/db/migrations.ts). Calendar dates are `YYYY-MM-DD` text (compared as text, never moved
 * by a time zone); the records of a community are its `pre_*` rows; every change is a row of
 * `pre_audit`, which only grows.
 */
import type { Migration } from '../db/migrations';

const DATE = (column: string) => `${column} text CHECK (${column} ~ '^\\d{4}-\\d{2}-\\d{2}$')`;

export const PRE_ELECTION_MIGRATION: Migration = {
  version: 6,
  name: 'pre-election records: committee, roll, publication, objections, nominations, primary, formal list, audit',
  statements: [
    // The community's settings (server/preElection/types.ts Community) as JSON; its id is the station's.
    `CREATE TABLE pre_communities (
       id text PRIMARY KEY,
       data jsonb NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE pre_committee (
       id bigserial PRIMARY KEY,
       community_id text NOT NULL REFERENCES pre_communities(id),
       name text NOT NULL,
       id_number text NOT NULL,
       gender text NOT NULL,
       role text NOT NULL,
       chosen_by text NOT NULL,
       ${DATE('meeting_on')} NOT NULL,
       present integer NOT NULL,
       total integer NOT NULL,
       ${DATE('left_on')},
       left_reason text,
       UNIQUE (community_id, id_number))`,
    // The roll: one row per person and community. `rid` makes the voter id (v-RID) of the package.
    `CREATE TABLE pre_roll (
       rid bigserial PRIMARY KEY,
       community_id text NOT NULL REFERENCES pre_communities(id),
       id_number text NOT NULL,
       name text NOT NULL,
       gender text NOT NULL,
       birth_date text NOT NULL,
       address text NOT NULL,
       grp text NOT NULL,
       household text NOT NULL,
       category text NOT NULL,
       evidence text NOT NULL,
       status text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'struck')),
       struck_reason text,
       source_row integer,
       UNIQUE (community_id, id_number))`,
    // The district-wide duplicate check groups registered rows by ID number.
    `CREATE INDEX pre_roll_registered_id ON pre_roll (id_number) WHERE status = 'registered'`,
    `CREATE TABLE pre_duplicate_resolutions (
       id_number text PRIMARY KEY,
       community_id text NOT NULL REFERENCES pre_communities(id),
       note text NOT NULL,
       decided_by text NOT NULL,
       decided_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE pre_publications (
       community_id text PRIMARY KEY REFERENCES pre_communities(id),
       ${DATE('published_on')} NOT NULL,
       published_by text NOT NULL,
       registered integer NOT NULL,
       recorded_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE pre_objections (
       id bigserial PRIMARY KEY,
       community_id text NOT NULL REFERENCES pre_communities(id),
       ${DATE('filed_on')} NOT NULL,
       objector text NOT NULL,
       subject text NOT NULL,
       entry_rid bigint REFERENCES pre_roll(rid),
       statement text NOT NULL,
       ${DATE('decide_by')} NOT NULL,
       ${DATE('decided_on')},
       decision text CHECK (decision IN ('upheld', 'rejected')),
       reason text,
       change jsonb,
       decided_late boolean NOT NULL DEFAULT false)`,
    `CREATE TABLE pre_nominations (
       id bigserial PRIMARY KEY,
       community_id text NOT NULL REFERENCES pre_communities(id),
       position_id text NOT NULL,
       id_number text NOT NULL,
       name text NOT NULL,
       gender text NOT NULL,
       birth_date text NOT NULL,
       kind text NOT NULL CHECK (kind IN ('joint', 'self')),
       signatures integer,
       ${DATE('nominated_on')} NOT NULL,
       status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')))`,
    `CREATE TABLE pre_checklist (
       nomination_id bigint NOT NULL REFERENCES pre_nominations(id),
       item_id text NOT NULL,
       confirmed boolean NOT NULL,
       confirmed_by text NOT NULL,
       note text NOT NULL,
       at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (nomination_id, item_id))`,
    `CREATE TABLE pre_primaries (
       community_id text NOT NULL REFERENCES pre_communities(id),
       position_id text NOT NULL,
       data jsonb NOT NULL,
       PRIMARY KEY (community_id, position_id))`,
    `CREATE TABLE pre_formal_lists (
       community_id text PRIMARY KEY REFERENCES pre_communities(id),
       data jsonb NOT NULL)`,
    `CREATE TABLE pre_audit (
       seq bigserial PRIMARY KEY,
       at timestamptz NOT NULL DEFAULT now(),
       community_id text,
       actor text NOT NULL,
       action text NOT NULL,
       subject text NOT NULL,
       detail jsonb NOT NULL)`,
    `CREATE INDEX pre_audit_community ON pre_audit (community_id, seq)`,
    `CREATE FUNCTION pre_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION 'the pre-election audit log is append-only: % of entry % refused', TG_OP, OLD.seq;
     END $$`,
    `CREATE TRIGGER pre_audit_append_only BEFORE UPDATE OR DELETE ON pre_audit FOR EACH ROW EXECUTE FUNCTION pre_audit_append_only()`,
  ],
};
