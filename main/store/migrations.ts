/**
 * Numbered, forward-only migrations. Each runs in one transaction and bumps PRAGMA user_version.
 * Never edit a migration that has shipped: add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'event log, campaign, sources, donations, chat, rollups',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE campaign (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        title TEXT NOT NULL,
        cause TEXT NOT NULL,
        currency TEXT NOT NULL,
        goal_minor INTEGER NOT NULL CHECK (goal_minor > 0),
        milestones TEXT NOT NULL,
        starts_at INTEGER NOT NULL,
        duration_hours INTEGER NOT NULL CHECK (duration_hours > 0),
        demo INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        config TEXT NOT NULL DEFAULT '{}',
        secret TEXT,
        created_at INTEGER NOT NULL,
        archived_at INTEGER,
        events INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0,
        last_event_at INTEGER,
        last_error TEXT,
        last_error_at INTEGER
      ) STRICT;

      -- The append-only log: one row per thing that happened, unique per (source, source's id).
      -- Chat lives here whole (actor and body), so a message is one write; money and other
      -- kinds keep their domain rows in their own tables. Marks (hidden, screened) live beside.
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL REFERENCES sources (id),
        external_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        actor_key TEXT,
        actor_name TEXT,
        body TEXT,
        payload TEXT,
        UNIQUE (source_id, external_id)
      ) STRICT;
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

      -- Money: original amount exactly, and the campaign-currency amount with its rate snapshot.
      -- Refunds are rows with a negative amount, linked to what they refund.
      CREATE TABLE donations (
        event_seq INTEGER PRIMARY KEY REFERENCES events (seq),
        source_id TEXT NOT NULL REFERENCES sources (id),
        type TEXT NOT NULL CHECK (type IN ('donation', 'refund')),
        amount_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        campaign_minor INTEGER,
        campaign_currency TEXT NOT NULL,
        rate TEXT,
        donor_name TEXT,
        anonymous INTEGER NOT NULL DEFAULT 0,
        message TEXT,
        refunds_seq INTEGER REFERENCES donations (event_seq),
        occurred_at INTEGER NOT NULL,
        screening TEXT NOT NULL DEFAULT 'pending'
          CHECK (screening IN ('pending', 'approved', 'denied', 'flagged', 'read')),
        CHECK ((type = 'donation') = (amount_minor > 0))
      ) STRICT;
      CREATE INDEX donations_by_screening ON donations (screening, event_seq);
      CREATE INDEX donations_unconverted ON donations (currency) WHERE campaign_minor IS NULL;

      -- Rollups kept current in the same transaction as the events. source_id '*' is all sources
      -- together (its chatters are distinct across sources, so it is not a sum of the others).
      CREATE TABLE minute_rollups (
        minute INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        raised_minor INTEGER NOT NULL DEFAULT 0,
        donations INTEGER NOT NULL DEFAULT 0,
        messages INTEGER NOT NULL DEFAULT 0,
        chatters INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (minute, source_id)
      ) STRICT, WITHOUT ROWID;

      -- Distinct chatters: each person gets a small integer id; each (minute, source) keeps the
      -- sorted ids of who spoke as a blob (little-endian uint32), written every few seconds.
      -- settings.chatter_sets_through_seq says up to which event they are complete.
      CREATE TABLE chatters (
        id INTEGER PRIMARY KEY,
        user_key TEXT NOT NULL UNIQUE
      ) STRICT;

      CREATE TABLE minute_chatter_sets (
        minute INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        users BLOB NOT NULL,
        PRIMARY KEY (minute, source_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE money_totals (
        source_id TEXT NOT NULL,
        currency TEXT NOT NULL,
        amount_minor INTEGER NOT NULL DEFAULT 0,
        campaign_minor INTEGER NOT NULL DEFAULT 0,
        donations INTEGER NOT NULL DEFAULT 0,
        refunds INTEGER NOT NULL DEFAULT 0,
        unconverted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (source_id, currency)
      ) STRICT, WITHOUT ROWID;

      -- 1 unit of currency = rate units of the campaign currency.
      CREATE TABLE exchange_rates (
        currency TEXT PRIMARY KEY,
        rate TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
