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
  {
    version: 2,
    name: 'chat tags per minute, hidden chat, Twitch pledges, what subs and bits are worth',
    sql: `
      -- Hashtags and @mentions per minute and source ('*' = all), kept current with the chat batch.
      CREATE TABLE minute_tags (
        minute INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('hashtag', 'mention')),
        tag TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (kind, minute, source_id, tag)
      ) STRICT, WITHOUT ROWID;

      -- Moderation marks (CLEARCHAT, CLEARMSG): the events stay, these hide them from the
      -- dashboard and the overlay. A rule, not a row per message, so a ban costs one write:
      -- message_id hides one message; otherwise every message of actor_key (or of everyone,
      -- when null) in that source up to through_at.
      CREATE TABLE chat_hidden (
        id INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL REFERENCES sources (id),
        message_id TEXT,
        actor_key TEXT,
        through_at INTEGER NOT NULL,
        hidden_at INTEGER NOT NULL,
        reason TEXT NOT NULL
      ) STRICT;
      CREATE INDEX chat_hidden_by_source ON chat_hidden (source_id);

      -- Subs and bits counted per source and unit (sub_tier1..3, sub_prime, bits); what they are
      -- worth comes from the campaign at read time, so they stay apart from money.
      CREATE TABLE pledge_totals (
        source_id TEXT NOT NULL,
        unit TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (source_id, unit)
      ) STRICT, WITHOUT ROWID;

      -- Campaign: what one sub of each tier and 100 bits are worth, in campaign minor units.
      ALTER TABLE campaign ADD COLUMN sub_values TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE campaign ADD COLUMN bits_per_100_minor INTEGER;
    `,
  },
  {
    version: 3,
    name: 'platform donations: versions, corrections, sync state',
    sql: `
      -- A platform donation's identity (Tiltify's donation id) and the version counted now.
      -- Each version the platform sends is its own event; a newer one becomes a correction row.
      CREATE TABLE donation_state (
        source_id TEXT NOT NULL REFERENCES sources (id),
        donation_key TEXT NOT NULL,
        donation_seq INTEGER NOT NULL UNIQUE REFERENCES donations (event_seq),
        version INTEGER NOT NULL,
        amount_minor INTEGER NOT NULL,
        donor_name TEXT,
        anonymous INTEGER NOT NULL DEFAULT 0,
        message TEXT,
        PRIMARY KEY (source_id, donation_key)
      ) STRICT;

      -- The difference a later version made, in original currency and (at the original's rate)
      -- in campaign currency. applied = 0: an older version that arrived after a newer one,
      -- kept for the record with no effect on the totals.
      CREATE TABLE donation_corrections (
        event_seq INTEGER PRIMARY KEY REFERENCES events (seq),
        donation_seq INTEGER NOT NULL REFERENCES donations (event_seq),
        version INTEGER NOT NULL,
        amount_delta_minor INTEGER NOT NULL,
        campaign_delta_minor INTEGER,
        applied INTEGER NOT NULL CHECK (applied IN (0, 1))
      ) STRICT;
      CREATE INDEX donation_corrections_by_donation ON donation_corrections (donation_seq);

      -- What a platform source last learnt: where polling resumes, when a webhook last arrived,
      -- and the platform's own running total (for reconciliation).
      CREATE TABLE platform_sync (
        source_id TEXT PRIMARY KEY REFERENCES sources (id),
        poll_from TEXT,
        polled_at INTEGER,
        webhook_at INTEGER,
        total_minor INTEGER,
        total_currency TEXT,
        total_at INTEGER
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'recent chat by source, hidden-chat rules found by index',
    sql: `
      -- The latest chat of one channel without walking the others' messages.
      CREATE INDEX events_chat_by_source ON events (source_id, seq) WHERE kind = 'chat';
      -- A message is hidden by its own mark (CLEARMSG) or by a rule over its author or everyone
      -- up to a time (CLEARCHAT): each is one index probe per message read.
      CREATE INDEX chat_hidden_messages ON chat_hidden (source_id, message_id) WHERE message_id IS NOT NULL;
      CREATE INDEX chat_hidden_rules ON chat_hidden (source_id, actor_key, through_at) WHERE message_id IS NULL;
    `,
  },
  {
    version: 6,
    name: 'invite links for moderators and viewers',
    sql: `
      -- One row per invite link. Only the token's SHA-256 is kept; revoked links stay on record.
      CREATE TABLE invites (
        id TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('moderator', 'viewer')),
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER,
        last_seen_at INTEGER
      ) STRICT;
    `,
  },
  {
    version: 7,
    name: 'targets: who the campaign calls on, mentions per minute, responses and their audit, call moments',
    sql: `
      -- handles: JSON [{ platform, handle }]; hashtags: JSON [canonical tag]. Archived, never deleted.
      -- Mentions are counted at ingest for chat after live_from_seq; the log up to it is counted
      -- in the background, backfill_seq showing how far (done when equal).
      CREATE TABLE targets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        handles TEXT NOT NULL,
        hashtags TEXT NOT NULL,
        ask TEXT NOT NULL,
        call_starts_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        archived_at INTEGER,
        live_from_seq INTEGER NOT NULL,
        backfill_seq INTEGER NOT NULL
      ) STRICT;

      -- Chat messages that called on a target, and the distinct people among them, per minute.
      CREATE TABLE target_minutes (
        target_id TEXT NOT NULL REFERENCES targets (id),
        minute INTEGER NOT NULL,
        mentions INTEGER NOT NULL,
        callers INTEGER NOT NULL,
        PRIMARY KEY (target_id, minute)
      ) STRICT, WITHOUT ROWID;

      -- Evidence that a target answered. candidate: found in chat (the target's own account),
      -- not yet looked at; flagged: a moderator says it is a response; then confirmed or
      -- rejected by someone else. responded_at is when the target answered.
      CREATE TABLE responses (
        id TEXT PRIMARY KEY,
        target_id TEXT NOT NULL REFERENCES targets (id),
        state TEXT NOT NULL CHECK (state IN ('candidate', 'flagged', 'confirmed', 'rejected')),
        kind TEXT CHECK (kind IN ('commitment', 'refusal', 'acknowledgement')),
        quote TEXT NOT NULL,
        url TEXT,
        chat_seq INTEGER UNIQUE REFERENCES events (seq),
        responded_at INTEGER NOT NULL,
        found_by TEXT NOT NULL,
        flagged_by TEXT,
        flagged_at INTEGER,
        decided_by TEXT,
        decided_at INTEGER,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX responses_by_target ON responses (target_id, state);

      -- Every step of the flag → confirm workflow, with who and when. Append-only.
      CREATE TABLE response_audit (
        id INTEGER PRIMARY KEY,
        response_id TEXT NOT NULL REFERENCES responses (id),
        target_id TEXT NOT NULL REFERENCES targets (id),
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        at INTEGER NOT NULL,
        reason TEXT,
        from_state TEXT,
        to_state TEXT NOT NULL
      ) STRICT;
      CREATE INDEX response_audit_by_target ON response_audit (target_id, id);
      CREATE TRIGGER response_audit_no_update BEFORE UPDATE ON response_audit
        BEGIN SELECT RAISE(ABORT, 'the response audit is append-only'); END;
      CREATE TRIGGER response_audit_no_delete BEFORE DELETE ON response_audit
        BEGIN SELECT RAISE(ABORT, 'the response audit is append-only'); END;

      -- A call moment: everyone posts the call at the same minute.
      CREATE TABLE call_moments (
        id TEXT PRIMARY KEY,
        target_id TEXT NOT NULL REFERENCES targets (id),
        at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        cancelled_at INTEGER
      ) STRICT;
      CREATE INDEX call_moments_by_target ON call_moments (target_id, at);
    `,
  },
  {
    version: 8,
    name: 'screening: reasons, two-pass first passes, the moderation audit log',
    sql: `
      -- Beside donations.screening (the current state): why it is in that state, who passed it
      -- first in two-pass mode, and what name and message were screened (a platform correction
      -- that changes them sends the donation back to pending).
      CREATE TABLE screening_marks (
        donation_seq INTEGER PRIMARY KEY REFERENCES donations (event_seq),
        reason TEXT,
        first_pass_by TEXT,
        first_pass_name TEXT,
        first_pass_at INTEGER,
        content_hash TEXT,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- Every moderation action: screening decisions (by people and by the rules), invites,
      -- settings. Responses keep their own audit (response_audit); the audit page shows both.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('donation', 'invite', 'settings')),
        subject_id TEXT NOT NULL,
        subject_label TEXT NOT NULL,
        action TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT,
        reason TEXT
      ) STRICT;
      CREATE INDEX audit_log_by_subject ON audit_log (subject_kind, subject_id, id);
      CREATE INDEX audit_log_by_time ON audit_log (at, id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      -- The screening queue: oldest first per state, donations only.
      CREATE INDEX donations_queue ON donations (screening, event_seq) WHERE type = 'donation';
      CREATE INDEX response_audit_by_time ON response_audit (at, id);
    `,
  },
  {
    version: 9,
    name: "targets: hashtags as the campaign writes them, for display",
    sql: `
      -- JSON list beside targets.hashtags (folded, for matching), in the same order:
      -- "ErdoganHelpRohingya" where matching uses "erdoganhelprohingya". NULL: show the folded form.
      ALTER TABLE targets ADD COLUMN hashtag_labels TEXT;
    `,
  },
  {
    version: 10,
    name: 'secrets leave the database',
    sql: `
      -- Whoever had a copy of the database or a backup could forge donations with the webhook
      -- secrets in sources.secret and read the overlay with settings.overlay_key. Webhook secrets
      -- now live in the credential store (credentials.json, 0600, encrypted by the desktop app)
      -- and the overlay key in the overlay-key file, with only its SHA-256 here. SQL cannot reach
      -- those files, so the move itself runs at start-up, right after the migrations
      -- (main/sources/webhook/secrets.ts, main/server/overlay-key.ts); these triggers make sure
      -- nothing puts a secret back.
      CREATE TRIGGER sources_no_secret_insert BEFORE INSERT ON sources WHEN NEW.secret IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'webhook secrets live in the credential store, not the database'); END;
      CREATE TRIGGER sources_no_secret_update BEFORE UPDATE OF secret ON sources WHEN NEW.secret IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'webhook secrets live in the credential store, not the database'); END;
      CREATE TRIGGER settings_no_overlay_key_insert BEFORE INSERT ON settings WHEN NEW.key = 'overlay_key'
        BEGIN SELECT RAISE(ABORT, 'the overlay key lives in the overlay-key file; the database keeps its SHA-256'); END;
      CREATE TRIGGER settings_no_overlay_key_update BEFORE UPDATE ON settings WHEN NEW.key = 'overlay_key'
        BEGIN SELECT RAISE(ABORT, 'the overlay key lives in the overlay-key file; the database keeps its SHA-256'); END;
    `,
  },
  {
    version: 11,
    name: 'hour rollups beside the minute ones',
    sql: `
      -- The minute rollups summed per hour, so a whole marathon (48 h: 2,880 minutes, tens of
      -- thousands of tag rows) reads a few hundred rows: whole hours from here, the ragged minutes
      -- at a window's ends from the minute tables. hour_start is the hour's first minute. Kept by
      -- the triggers below, in the same statement (so the same transaction) as every change to a
      -- minute row, whoever writes it (ingest, corrections, rate conversions): each adds NEW − OLD.
      -- No chatters column: distinct people do not add up (they come from the chatter sets).
      -- changes counts the writes to the hour's minute rows: a reader that keeps an hour's
      -- minutes knows from it, exactly, whether they are still current (store/minute-cache.ts).
      CREATE TABLE hour_rollups (
        hour_start INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        raised_minor INTEGER NOT NULL DEFAULT 0,
        donations INTEGER NOT NULL DEFAULT 0,
        messages INTEGER NOT NULL DEFAULT 0,
        changes INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour_start, source_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE hour_tags (
        kind TEXT NOT NULL CHECK (kind IN ('hashtag', 'mention')),
        hour_start INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        tag TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (kind, hour_start, source_id, tag)
      ) STRICT, WITHOUT ROWID;

      -- Floor to the hour, also for minutes before 1970 (SQLite's % keeps the dividend's sign).
      INSERT INTO hour_rollups (hour_start, source_id, raised_minor, donations, messages)
        SELECT minute - ((minute % 60) + 60) % 60, source_id, SUM(raised_minor), SUM(donations), SUM(messages)
        FROM minute_rollups GROUP BY 1, 2;
      INSERT INTO hour_tags (kind, hour_start, source_id, tag, count)
        SELECT kind, minute - ((minute % 60) + 60) % 60, source_id, tag, SUM(count)
        FROM minute_tags GROUP BY 1, 2, 3, 4;

      CREATE TRIGGER minute_rollups_to_hour_insert AFTER INSERT ON minute_rollups BEGIN
        INSERT INTO hour_rollups (hour_start, source_id, raised_minor, donations, messages, changes)
          VALUES (NEW.minute - ((NEW.minute % 60) + 60) % 60, NEW.source_id, NEW.raised_minor, NEW.donations, NEW.messages, 1)
          ON CONFLICT (hour_start, source_id) DO UPDATE SET
            raised_minor = raised_minor + excluded.raised_minor,
            donations = donations + excluded.donations,
            messages = messages + excluded.messages,
            changes = changes + 1;
      END;
      CREATE TRIGGER minute_rollups_to_hour_update AFTER UPDATE ON minute_rollups BEGIN
        UPDATE hour_rollups SET
            raised_minor = raised_minor + NEW.raised_minor - OLD.raised_minor,
            donations = donations + NEW.donations - OLD.donations,
            messages = messages + NEW.messages - OLD.messages,
            changes = changes + 1
          WHERE hour_start = NEW.minute - ((NEW.minute % 60) + 60) % 60 AND source_id = NEW.source_id;
      END;
      -- Nothing moves a minute row to another minute or source: the hours would have to follow.
      CREATE TRIGGER minute_rollups_stay BEFORE UPDATE OF minute, source_id ON minute_rollups
        WHEN NEW.minute <> OLD.minute OR NEW.source_id <> OLD.source_id
        BEGIN SELECT RAISE(ABORT, 'a minute rollup keeps its minute and source (hour_rollups sum them)'); END;
      CREATE TRIGGER minute_rollups_to_hour_delete AFTER DELETE ON minute_rollups BEGIN
        UPDATE hour_rollups SET
            raised_minor = raised_minor - OLD.raised_minor, donations = donations - OLD.donations, messages = messages - OLD.messages,
            changes = changes + 1
          WHERE hour_start = OLD.minute - ((OLD.minute % 60) + 60) % 60 AND source_id = OLD.source_id;
      END;

      CREATE TRIGGER minute_tags_to_hour_insert AFTER INSERT ON minute_tags BEGIN
        INSERT INTO hour_tags (kind, hour_start, source_id, tag, count)
          VALUES (NEW.kind, NEW.minute - ((NEW.minute % 60) + 60) % 60, NEW.source_id, NEW.tag, NEW.count)
          ON CONFLICT (kind, hour_start, source_id, tag) DO UPDATE SET count = count + excluded.count;
      END;
      CREATE TRIGGER minute_tags_to_hour_update AFTER UPDATE OF count ON minute_tags BEGIN
        UPDATE hour_tags SET count = count + NEW.count - OLD.count
          WHERE kind = NEW.kind AND hour_start = NEW.minute - ((NEW.minute % 60) + 60) % 60 AND source_id = NEW.source_id AND tag = NEW.tag;
      END;
      CREATE TRIGGER minute_tags_stay BEFORE UPDATE OF kind, minute, source_id, tag ON minute_tags
        WHEN NEW.kind <> OLD.kind OR NEW.minute <> OLD.minute OR NEW.source_id <> OLD.source_id OR NEW.tag <> OLD.tag
        BEGIN SELECT RAISE(ABORT, 'a minute tag row keeps its key (hour_tags sum them)'); END;
      CREATE TRIGGER minute_tags_to_hour_delete AFTER DELETE ON minute_tags BEGIN
        UPDATE hour_tags SET count = count - OLD.count
          WHERE kind = OLD.kind AND hour_start = OLD.minute - ((OLD.minute % 60) + 60) % 60 AND source_id = OLD.source_id AND tag = OLD.tag;
      END;
    `,
  },
  {
    version: 12,
    name: 'chatter sets kept by source, then minute',
    sql: `
      -- Distinct people are counted one source at a time over a window. Keyed (minute, source),
      -- a 48-hour window of '*' walked every source's sets (20 MB of pages at 10M messages, for
      -- the 2 MB wanted, 100 ms on a first call); keyed (source, minute) it is one contiguous
      -- range. Same rows, same blobs (chat/chatters.ts reads sorted-id lists and bitsets alike).
      CREATE TABLE minute_chatter_sets_by_source (
        source_id TEXT NOT NULL,
        minute INTEGER NOT NULL,
        users BLOB NOT NULL,
        PRIMARY KEY (source_id, minute)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO minute_chatter_sets_by_source (source_id, minute, users)
        SELECT source_id, minute, users FROM minute_chatter_sets ORDER BY source_id, minute;
      DROP TABLE minute_chatter_sets;
      ALTER TABLE minute_chatter_sets_by_source RENAME TO minute_chatter_sets;
    `,
  },
  {
    version: 13,
    name: 'money per donor, kept as donations are counted',
    sql: `
      -- The top donors list summed 18,000 donations at every start and after every rate or
      -- correction (30-45 ms at 10M messages). Now each donor's sum is kept in donor_totals by the
      -- triggers below, in the transaction of whatever changes it (ingest, corrections, rate
      -- conversions), and the list reads its first rows.

      -- Whose money a donation is: the name as given (trimmed) as its latest version says; ''
      -- for anonymous donors and donations without a name (summed together, never named).
      CREATE VIEW donation_donors AS
        SELECT w.event_seq AS donation_seq,
               CASE WHEN (CASE WHEN s.donation_seq IS NULL THEN w.anonymous ELSE s.anonymous END) = 1 THEN ''
                    ELSE COALESCE(TRIM(CASE WHEN s.donation_seq IS NULL THEN w.donor_name ELSE s.donor_name END), '') END AS donor
        FROM donations w LEFT JOIN donation_state s ON s.donation_seq = w.event_seq;
      -- Each donation and refund with a campaign amount, with its applied corrections, and the
      -- donor it belongs to (a refund's is the donor of what it refunds).
      CREATE VIEW donor_lines AS
        SELECT d.event_seq AS seq, d.refunds_seq, o.donation_seq AS owner_seq, o.donor,
               d.campaign_minor + COALESCE((SELECT SUM(c.campaign_delta_minor) FROM donation_corrections c
                                            WHERE c.donation_seq = d.event_seq AND c.applied = 1), 0) AS minor,
               d.type = 'donation' AS is_donation
        FROM donations d JOIN donation_donors o ON o.donation_seq = COALESCE(d.refunds_seq, d.event_seq)
        WHERE d.campaign_minor IS NOT NULL;

      -- first_seq: the donor's first donation (ties on the list go to who gave first); lines: how
      -- many donations and refunds it sums (a donor renamed away entirely is deleted).
      CREATE TABLE donor_totals (
        donor TEXT PRIMARY KEY,
        total_minor INTEGER NOT NULL,
        donations INTEGER NOT NULL,
        first_seq INTEGER NOT NULL,
        lines INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX donor_totals_ranked ON donor_totals (total_minor DESC, first_seq);
      -- A donation's refunds, found when its donor's name changes.
      CREATE INDEX donations_refunds ON donations (refunds_seq) WHERE refunds_seq IS NOT NULL;
      INSERT INTO donor_totals (donor, total_minor, donations, first_seq, lines)
        SELECT donor, SUM(minor), SUM(is_donation), MIN(owner_seq), COUNT(*) FROM donor_lines GROUP BY donor;

      -- Inserting (donor, minor, is_donation, owner_seq) here adds one line to its donor: the one
      -- way the triggers below add money (SQLite has no procedures; a view's INSTEAD OF trigger is one).
      CREATE VIEW donor_line_added AS SELECT donor, total_minor AS minor, donations AS is_donation, first_seq AS owner_seq FROM donor_totals WHERE 0;
      CREATE TRIGGER donor_line_add INSTEAD OF INSERT ON donor_line_added BEGIN
        INSERT INTO donor_totals (donor, total_minor, donations, first_seq, lines)
          VALUES (NEW.donor, NEW.minor, NEW.is_donation, NEW.owner_seq, 1)
          ON CONFLICT (donor) DO UPDATE SET
            total_minor = total_minor + excluded.total_minor, donations = donations + excluded.donations,
            first_seq = MIN(first_seq, excluded.first_seq), lines = lines + 1;
      END;

      -- A donation or refund counts once it has a campaign amount: at once, or when its rate comes.
      CREATE TRIGGER donor_totals_donation AFTER INSERT ON donations WHEN NEW.campaign_minor IS NOT NULL BEGIN
        INSERT INTO donor_line_added SELECT donor, minor, is_donation, owner_seq FROM donor_lines WHERE seq = NEW.event_seq;
      END;
      CREATE TRIGGER donor_totals_converted AFTER UPDATE OF campaign_minor ON donations
        WHEN OLD.campaign_minor IS NULL AND NEW.campaign_minor IS NOT NULL
      BEGIN
        INSERT INTO donor_line_added SELECT donor, minor, is_donation, owner_seq FROM donor_lines WHERE seq = NEW.event_seq;
      END;
      -- Counted money keeps its snapshot (a rate change never re-prices it); should a counted
      -- amount change all the same (a repair by hand), its donor follows, and it is never uncounted.
      CREATE TRIGGER donor_totals_recounted AFTER UPDATE OF campaign_minor ON donations
        WHEN OLD.campaign_minor IS NOT NULL AND NEW.campaign_minor IS NOT NULL
      BEGIN
        UPDATE donor_totals SET total_minor = total_minor + NEW.campaign_minor - OLD.campaign_minor
          WHERE donor = (SELECT donor FROM donor_lines WHERE seq = NEW.event_seq);
      END;
      CREATE TRIGGER donations_counted_stay BEFORE UPDATE OF campaign_minor ON donations
        WHEN OLD.campaign_minor IS NOT NULL AND NEW.campaign_minor IS NULL
        BEGIN SELECT RAISE(ABORT, 'a counted donation stays counted (donor_totals sum it)'); END;

      -- An applied correction moves its donation's money, once the donation is counted (until then
      -- the conversion above counts it with its corrections).
      CREATE TRIGGER donor_totals_correction AFTER INSERT ON donation_corrections WHEN NEW.applied = 1 BEGIN
        UPDATE donor_totals SET total_minor = total_minor + COALESCE(NEW.campaign_delta_minor, 0)
          WHERE donor = (SELECT donor FROM donor_lines WHERE seq = NEW.donation_seq);
      END;
      CREATE TRIGGER donor_totals_correction_changed AFTER UPDATE OF campaign_delta_minor, applied ON donation_corrections BEGIN
        UPDATE donor_totals SET total_minor = total_minor
            + CASE WHEN NEW.applied = 1 THEN COALESCE(NEW.campaign_delta_minor, 0) ELSE 0 END
            - CASE WHEN OLD.applied = 1 THEN COALESCE(OLD.campaign_delta_minor, 0) ELSE 0 END
          WHERE donor = (SELECT donor FROM donor_lines WHERE seq = NEW.donation_seq);
      END;

      -- A donation's first version names the donor its donation row does (ingest writes both).
      CREATE TRIGGER donation_state_same_donor BEFORE INSERT ON donation_state
        WHEN (CASE WHEN NEW.anonymous = 1 THEN '' ELSE COALESCE(TRIM(NEW.donor_name), '') END)
          IS NOT (SELECT donor FROM donation_donors WHERE donation_seq = NEW.donation_seq)
        BEGIN SELECT RAISE(ABORT, 'a donation''s first version names the donor its donation does (donor_totals)'); END;
      -- A later version that renames the donor (or makes them anonymous) moves the donation's
      -- money, with its refunds and corrections, from the old donor to the new one.
      CREATE TRIGGER donor_totals_renamed AFTER UPDATE OF donor_name, anonymous ON donation_state
        WHEN (CASE WHEN NEW.anonymous = 1 THEN '' ELSE COALESCE(TRIM(NEW.donor_name), '') END)
          IS NOT (CASE WHEN OLD.anonymous = 1 THEN '' ELSE COALESCE(TRIM(OLD.donor_name), '') END)
      BEGIN
        UPDATE donor_totals SET total_minor = donor_totals.total_minor - moved.minor, donations = donor_totals.donations - moved.donations,
            lines = donor_totals.lines - moved.lines
          FROM (SELECT COALESCE(SUM(minor), 0) AS minor, COALESCE(SUM(is_donation), 0) AS donations, COUNT(*) AS lines
                FROM donor_lines WHERE seq = NEW.donation_seq OR refunds_seq = NEW.donation_seq) AS moved
          WHERE donor = (CASE WHEN OLD.anonymous = 1 THEN '' ELSE COALESCE(TRIM(OLD.donor_name), '') END);
        INSERT INTO donor_line_added SELECT donor, minor, is_donation, owner_seq FROM donor_lines
          WHERE seq = NEW.donation_seq OR refunds_seq = NEW.donation_seq;
        -- The old donor's first donation may have been this one (a scan: renames are rare).
        UPDATE donor_totals SET first_seq = (SELECT MIN(owner_seq) FROM donor_lines WHERE donor = donor_totals.donor)
          WHERE donor = (CASE WHEN OLD.anonymous = 1 THEN '' ELSE COALESCE(TRIM(OLD.donor_name), '') END)
            AND first_seq = NEW.donation_seq AND lines > 0;
        DELETE FROM donor_totals WHERE lines = 0;
      END;
    `,
  },
  {
    version: 14,
    name: 'target mentions per hour',
    sql: `
      -- target_minutes summed per hour, kept by triggers like hour_rollups (migration 11), with
      -- the same changes counter: the charts keep a target's minutes per hour and re-read only
      -- the hours whose counter moved.
      CREATE TABLE hour_target_minutes (
        target_id TEXT NOT NULL REFERENCES targets (id),
        hour_start INTEGER NOT NULL,
        mentions INTEGER NOT NULL,
        changes INTEGER NOT NULL,
        PRIMARY KEY (target_id, hour_start)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO hour_target_minutes (target_id, hour_start, mentions, changes)
        SELECT target_id, minute - ((minute % 60) + 60) % 60, SUM(mentions), 0 FROM target_minutes GROUP BY 1, 2;

      CREATE TRIGGER target_minutes_to_hour_insert AFTER INSERT ON target_minutes BEGIN
        INSERT INTO hour_target_minutes (target_id, hour_start, mentions, changes)
          VALUES (NEW.target_id, NEW.minute - ((NEW.minute % 60) + 60) % 60, NEW.mentions, 1)
          ON CONFLICT (target_id, hour_start) DO UPDATE SET mentions = mentions + excluded.mentions, changes = changes + 1;
      END;
      CREATE TRIGGER target_minutes_to_hour_update AFTER UPDATE OF mentions, callers ON target_minutes BEGIN
        UPDATE hour_target_minutes SET mentions = mentions + NEW.mentions - OLD.mentions, changes = changes + 1
          WHERE target_id = NEW.target_id AND hour_start = NEW.minute - ((NEW.minute % 60) + 60) % 60;
      END;
      CREATE TRIGGER target_minutes_stay BEFORE UPDATE OF target_id, minute ON target_minutes
        WHEN NEW.target_id <> OLD.target_id OR NEW.minute <> OLD.minute
        BEGIN SELECT RAISE(ABORT, 'a target minute keeps its target and minute (hour_target_minutes sum them)'); END;
      CREATE TRIGGER target_minutes_to_hour_delete AFTER DELETE ON target_minutes BEGIN
        UPDATE hour_target_minutes SET mentions = mentions - OLD.mentions, changes = changes + 1
          WHERE target_id = OLD.target_id AND hour_start = OLD.minute - ((OLD.minute % 60) + 60) % 60;
      END;
    `,
  },
  {
    version: 15,
    name: 'Twitch pledges told apart, and paid messages (Hype Chat)',
    sql: `
      -- What each pledge_totals row is made of, per kind of line (sub, resub, gift, prime_upgrade,
      -- gift_upgrade, cheer): "14 tier 1 sub months" shown as 5 subs, 1 gift of 6 months...
      -- Kept current at ingest beside pledge_totals; what was counted before is one 'earlier' part.
      CREATE TABLE pledge_parts (
        source_id TEXT NOT NULL,
        unit TEXT NOT NULL,
        part TEXT NOT NULL,
        lines INTEGER NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (source_id, unit, part)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO pledge_parts (source_id, unit, part, lines, count)
        SELECT source_id, unit, 'earlier', 0, count FROM pledge_totals WHERE count > 0;

      -- Twitch Hype Chat: what viewers paid Twitch to pin a message, exact in each currency's
      -- minor units. A pledge like subs and bits (the platform pays out later), never money raised.
      CREATE TABLE paid_message_totals (
        source_id TEXT NOT NULL,
        currency TEXT NOT NULL,
        messages INTEGER NOT NULL,
        amount_minor INTEGER NOT NULL,
        PRIMARY KEY (source_id, currency)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 16,
    name: 'stretch goals',
    sql: `
      -- The goals after the goal, lowest first, as JSON [{ "minor", "label" }] in campaign minor
      -- units, each above the one before: once the goal is passed the overlay's bar runs to the
      -- next of these instead of standing full at "Goal reached" for the rest of the marathon.
      ALTER TABLE campaign ADD COLUMN stretch_goals TEXT NOT NULL DEFAULT '[]';
    `,
  },
  {
    version: 17,
    name: 'built-in exchange rates marked as estimates',
    sql: `
      -- The day a built-in rate is from (YYYY-MM-DD) while it is still the app's estimate; NULL
      -- once the owner typed or confirmed it. Rates already stored by an older version stay
      -- unmarked: nothing tells whether the owner had checked them.
      ALTER TABLE exchange_rates ADD COLUMN estimate_of TEXT;
    `,
  },
  {
    version: 18,
    name: 'Twitch moments: the events feed, and their messages screened',
    sql: `
      -- What happened on a Twitch channel that a streamer thanks someone for: subs, resubs, gifts
      -- (a gift bomb is one row, its subgift lines counted into it), upgrades, cheers, raids,
      -- paid messages (Hype Chat) and charity donations. Written with the line's event in the
      -- same transaction; the events table keeps every line whole.
      -- count: months (subs, gifts), gifts received (gift bomb), bits (cheer), viewers (raid).
      -- announced: the gifts a gift bomb announced (its subgift lines may still be arriving).
      -- cumulative: a resub's months in all, as Twitch says them ("subscribed for 14 months").
      -- screening: 'none' when there is no message to read, else pending/approved/denied like a
      -- donation's message; an alert shows a message only once approved.
      CREATE TABLE twitch_moments (
        id INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL REFERENCES sources (id),
        event_seq INTEGER NOT NULL UNIQUE REFERENCES events (seq),
        kind TEXT NOT NULL CHECK (kind IN ('sub', 'resub', 'gift', 'gift_bomb', 'prime_upgrade', 'gift_upgrade', 'cheer', 'raid', 'paid_message', 'charity')),
        occurred_at INTEGER NOT NULL,
        actor_key TEXT,
        actor_name TEXT,
        anonymous INTEGER NOT NULL DEFAULT 0,
        unit TEXT,
        count INTEGER NOT NULL DEFAULT 0,
        announced INTEGER,
        cumulative INTEGER,
        amount_minor INTEGER,
        currency TEXT,
        recipient TEXT,
        message TEXT,
        bomb_key TEXT,
        screening TEXT NOT NULL CHECK (screening IN ('none', 'pending', 'approved', 'denied')),
        reason TEXT,
        first_pass_by TEXT,
        first_pass_name TEXT,
        updated_at INTEGER NOT NULL,
        UNIQUE (source_id, bomb_key)
      ) STRICT;
      CREATE INDEX twitch_moments_by_source ON twitch_moments (source_id, id);
      CREATE INDEX twitch_moments_waiting ON twitch_moments (id) WHERE screening = 'pending';

      -- The audit log names Twitch moments as subjects too (their screening decisions). SQLite
      -- cannot change a CHECK in place: the table is copied whole (ids kept) into its new form.
      CREATE TABLE audit_log_next (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('donation', 'invite', 'settings', 'twitch_moment')),
        subject_id TEXT NOT NULL,
        subject_label TEXT NOT NULL,
        action TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT,
        reason TEXT
      ) STRICT;
      INSERT INTO audit_log_next SELECT id, at, actor, actor_name, subject_kind, subject_id, subject_label, action, from_state, to_state, reason FROM audit_log;
      DROP TABLE audit_log;
      ALTER TABLE audit_log_next RENAME TO audit_log;
      CREATE INDEX audit_log_by_subject ON audit_log (subject_kind, subject_id, id);
      CREATE INDEX audit_log_by_time ON audit_log (at, id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    version: 19,
    name: 'campaign locale and time zone',
    sql: `
      -- The language viewers read on stream (the overlays' words, and how numbers and money are
      -- written: "10 340,94 €" in French), and the IANA zone every time on the dashboard is shown
      -- in, so a team spread over zones reads one clock. Campaigns from before keep English and
      -- UTC, which is what their times meant on the server.
      ALTER TABLE campaign ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
      ALTER TABLE campaign ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
    `,
  },
  {
    version: 20,
    name: 'alert sounds the owner uploaded',
    sql: `
      -- The owner's own alert sounds, in the database so a backup and a restore carry them. The id
      -- is the first 16 hex digits of the bytes' SHA-256 (the same file uploaded twice is one
      -- row); type is read from the bytes' own signature, never from the uploader.
      CREATE TABLE alert_sound_files (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        bytes BLOB NOT NULL,
        uploaded_at INTEGER NOT NULL,
        uploaded_by TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 21,
    name: 'closing the marathon: frozen totals, late money kept apart',
    sql: `
      -- Once the owner closes the marathon no more money is counted: what arrives after is
      -- stored in the event log as ever (nothing lost, a redelivery still a duplicate), and
      -- listed here apart, with what it says, never in a total. Reopening is audited.
      ALTER TABLE campaign ADD COLUMN closed_at INTEGER;
      ALTER TABLE campaign ADD COLUMN closed_by TEXT;
      CREATE TABLE late_events (
        event_seq INTEGER PRIMARY KEY REFERENCES events (seq),
        source_id TEXT NOT NULL REFERENCES sources (id),
        type TEXT NOT NULL CHECK (type IN ('donation', 'refund', 'correction', 'pledge')),
        amount INTEGER NOT NULL,
        currency TEXT NOT NULL,
        donor_name TEXT,
        anonymous INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        closed_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 22,
    name: 'youtube live chat reading state',
    sql: `
      -- Where a YouTube source's live chat reading stands, so a restart resumes from the last
      -- page token (the messages it already stored are not asked for again), and the Data API
      -- units spent today (a Pacific-time day, as Google counts them) survive a restart.
      -- page_token moves only after every message of its page was stored.
      CREATE TABLE youtube_chat_state (
        source_id TEXT PRIMARY KEY,
        video_id TEXT,
        live_chat_id TEXT,
        page_token TEXT,
        quota_day TEXT NOT NULL,
        quota_spent INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 23,
    name: 'X posts: calls on targets per platform, recent-search cursors',
    sql: `
      -- The calls on a target per platform the chat line or post came from ('twitch', 'x',
      -- 'youtube', 'other'), per minute, beside target_minutes (all platforms together), written
      -- in the same transaction as the chat, so the breakdown stays exact after a crash. Their
      -- distinct callers are in minute_chatter_sets under 'target:<id>@<platform>'.
      CREATE TABLE target_platform_minutes (
        target_id TEXT NOT NULL REFERENCES targets (id),
        platform TEXT NOT NULL,
        minute INTEGER NOT NULL,
        mentions INTEGER NOT NULL,
        callers INTEGER NOT NULL,
        PRIMARY KEY (target_id, platform, minute)
      ) STRICT, WITHOUT ROWID;

      -- Targets counted before this version have no breakdown: they are counted again from the
      -- log in the background (the log itself is untouched), as when a target's tags change.
      DELETE FROM target_minutes;
      DELETE FROM minute_chatter_sets WHERE source_id LIKE 'target:%';
      UPDATE targets SET live_from_seq = (SELECT COALESCE(MAX(seq), 0) FROM events), backfill_seq = 0;

      -- X recent search, per source and query: since_id (the newest post stored), and while a poll
      -- pages through more than one answer, its next_token and the newest id it will move to, so
      -- that a restart resumes the same paging instead of skipping or repeating posts.
      CREATE TABLE x_search_cursors (
        source_id TEXT NOT NULL REFERENCES sources (id),
        query TEXT NOT NULL,
        since_id TEXT,
        next_token TEXT,
        pending_newest_id TEXT,
        polled_at INTEGER,
        PRIMARY KEY (source_id, query)
      ) STRICT;
    `,
  },
  {
    version: 24,
    name: 'prizes drawn among donors, with draws anyone can re-run',
    sql: `
      -- A prize donors can win: a donation of at least min_minor (campaign minor units, in
      -- currency) made in [opens_at, closes_at) enters. entries: one per donation, or one per
      -- donor (named donors once each). state: open, drawn (a draw exists), archived (hidden).
      CREATE TABLE prizes (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        rules TEXT NOT NULL,
        min_minor INTEGER NOT NULL CHECK (min_minor > 0),
        currency TEXT NOT NULL,
        opens_at INTEGER NOT NULL,
        closes_at INTEGER NOT NULL,
        winners INTEGER NOT NULL CHECK (winners BETWEEN 1 AND 100),
        entries TEXT NOT NULL CHECK (entries IN ('per_donation', 'per_donor')),
        state TEXT NOT NULL CHECK (state IN ('open', 'drawn', 'archived')),
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK (closes_at > opens_at)
      ) STRICT;

      -- One draw per prize, kept whole so anyone can re-run it: the seed (hex), the rule the
      -- eligible list was made with (JSON), the eligible donation ids themselves (JSON, ascending)
      -- and their SHA-256. Append-only: a draw is never redone or edited.
      CREATE TABLE prize_draws (
        id INTEGER PRIMARY KEY,
        prize_id INTEGER NOT NULL UNIQUE REFERENCES prizes (id),
        seed TEXT NOT NULL,
        rule TEXT NOT NULL,
        entries TEXT NOT NULL,
        entries_sha256 TEXT NOT NULL,
        winners_wanted INTEGER NOT NULL,
        drawn_at INTEGER NOT NULL,
        drawn_by TEXT NOT NULL,
        drawn_by_name TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER prize_draws_no_update BEFORE UPDATE ON prize_draws
        BEGIN SELECT RAISE(ABORT, 'a prize draw is never changed: it is what the audit re-runs'); END;
      CREATE TRIGGER prize_draws_no_delete BEFORE DELETE ON prize_draws
        BEGIN SELECT RAISE(ABORT, 'a prize draw is never deleted'); END;

      -- Each pick of a draw, in order: pick k is the k-th step of the seeded shuffle. The first
      -- picks are the winners (position 1..n); a redraw (a winner who never answered) appends the
      -- next pick in the same position, naming the row it replaces. Append-only.
      CREATE TABLE prize_winners (
        id INTEGER PRIMARY KEY,
        draw_id INTEGER NOT NULL REFERENCES prize_draws (id),
        position INTEGER NOT NULL CHECK (position >= 1),
        pick INTEGER NOT NULL CHECK (pick >= 0),
        donation_seq INTEGER NOT NULL REFERENCES donations (event_seq),
        replaces INTEGER REFERENCES prize_winners (id),
        reason TEXT,
        at INTEGER NOT NULL,
        by_actor TEXT NOT NULL,
        by_name TEXT NOT NULL,
        UNIQUE (draw_id, pick)
      ) STRICT;
      CREATE INDEX prize_winners_by_draw ON prize_winners (draw_id, position, id);
      CREATE TRIGGER prize_winners_no_update BEFORE UPDATE ON prize_winners
        BEGIN SELECT RAISE(ABORT, 'a prize winner is never changed: a redraw appends'); END;
      CREATE TRIGGER prize_winners_no_delete BEFORE DELETE ON prize_winners
        BEGIN SELECT RAISE(ABORT, 'a prize winner is never deleted: a redraw appends'); END;

      -- Eligibility reads donations by the time they were made, with what decides an entry, from
      -- the index alone (a 48-hour window of 18,000 donations: ~11 ms, against ~160 ms through
      -- the table on the same loaded machine).
      CREATE INDEX donations_by_time ON donations (occurred_at, campaign_currency, screening, campaign_minor) WHERE type = 'donation';

      -- The audit log names prizes as subjects too (created, edited, drawn, redrawn, exported).
      -- As in migration 18, the table is copied whole (ids kept) into its new form.
      CREATE TABLE audit_log_next (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('donation', 'invite', 'settings', 'twitch_moment', 'prize')),
        subject_id TEXT NOT NULL,
        subject_label TEXT NOT NULL,
        action TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT,
        reason TEXT
      ) STRICT;
      INSERT INTO audit_log_next SELECT id, at, actor, actor_name, subject_kind, subject_id, subject_label, action, from_state, to_state, reason FROM audit_log;
      DROP TABLE audit_log;
      ALTER TABLE audit_log_next RENAME TO audit_log;
      CREATE INDEX audit_log_by_subject ON audit_log (subject_kind, subject_id, id);
      CREATE INDEX audit_log_by_time ON audit_log (at, id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    version: 25,
    name: 'run schedule, incentives, bid wars and donations assigned to them',
    sql: `
      -- The marathon's run schedule: what is on and who is on it. planned_start and the length
      -- are the plan; actual_start is recorded with one click when the segment really starts, and
      -- the segments after it are expected to slide by the same drift (computed when read).
      -- Planned segments never overlap (checked by the app, with the reason in words).
      CREATE TABLE schedule_segments (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        runners TEXT NOT NULL DEFAULT '',
        planned_start INTEGER NOT NULL,
        planned_length_s INTEGER NOT NULL CHECK (planned_length_s > 0),
        actual_start INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX schedule_segments_by_start ON schedule_segments (planned_start, id);

      -- What donors steer: an incentive ("at 2,000.00 the streamer plays blindfolded": a goal in
      -- campaign currency) or a bid war (options racing each other, no goal). Optional segment
      -- and deadline; open, closed (takes no more money) or archived (off the dashboard and the
      -- overlay). name_key is the name folded for look-alike letters (duplicates are refused);
      -- tag is the word donors write (#blindfold). external_*: the same incentive on a platform
      -- (a Tiltify poll, target or reward), for reading donors' choices from it later.
      CREATE TABLE incentives (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('incentive', 'bid_war')),
        name TEXT NOT NULL,
        tag TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        goal_minor INTEGER CHECK (goal_minor IS NULL OR goal_minor > 0),
        currency TEXT NOT NULL,
        segment_id INTEGER REFERENCES schedule_segments (id),
        deadline INTEGER,
        allow_suggestions INTEGER NOT NULL DEFAULT 0 CHECK (allow_suggestions IN (0, 1)),
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed', 'archived')),
        closed_at INTEGER,
        closed_reason TEXT,
        met_at INTEGER,
        external_platform TEXT,
        external_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK ((kind = 'incentive') = (goal_minor IS NOT NULL)),
        UNIQUE (external_platform, external_id)
      ) STRICT;

      -- A bid war's options. Donors may suggest one where the bid war allows it: it waits
      -- (pending) for a moderator, who approves or refuses it; a refused one stays for the record.
      CREATE TABLE incentive_options (
        id INTEGER PRIMARY KEY,
        incentive_id INTEGER NOT NULL REFERENCES incentives (id),
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('approved', 'pending', 'refused')),
        suggested_by_seq INTEGER REFERENCES donations (event_seq),
        decided_by TEXT,
        decided_at INTEGER,
        external_id TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX incentive_options_live_names ON incentive_options (incentive_id, name_key) WHERE state != 'refused';

      -- Where a donation's money goes: each assignment is a new version (never updated or
      -- deleted); the highest version is the one that counts. 'suggested' is what the app read
      -- from the donor (message, webhook field, CSV column); 'accepted' is a moderator's. basis:
      -- the donation's campaign amount when assigned (NULL when no rate was known: then the one
      -- part is the whole donation); what the parts leave of it stays with the campaign. A refund
      -- or correction later shares the donation's new amount out in the same proportions.
      CREATE TABLE donation_assignments (
        id INTEGER PRIMARY KEY,
        donation_seq INTEGER NOT NULL REFERENCES donations (event_seq),
        version INTEGER NOT NULL CHECK (version > 0),
        status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted')),
        basis_minor INTEGER,
        actor TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        reason TEXT,
        at INTEGER NOT NULL,
        UNIQUE (donation_seq, version)
      ) STRICT;
      CREATE TABLE donation_assignment_parts (
        id INTEGER PRIMARY KEY,
        assignment_id INTEGER NOT NULL REFERENCES donation_assignments (id),
        incentive_id INTEGER NOT NULL REFERENCES incentives (id),
        option_id INTEGER REFERENCES incentive_options (id),
        amount_minor INTEGER CHECK (amount_minor IS NULL OR amount_minor > 0)
      ) STRICT;
      CREATE INDEX donation_assignment_parts_by_assignment ON donation_assignment_parts (assignment_id);
      CREATE TRIGGER donation_assignments_no_update BEFORE UPDATE ON donation_assignments
        BEGIN SELECT RAISE(ABORT, 'assignments are append-only: write a new version'); END;
      CREATE TRIGGER donation_assignments_no_delete BEFORE DELETE ON donation_assignments
        BEGIN SELECT RAISE(ABORT, 'assignments are append-only: write a new version'); END;
      CREATE TRIGGER donation_assignment_parts_no_update BEFORE UPDATE ON donation_assignment_parts
        BEGIN SELECT RAISE(ABORT, 'assignments are append-only: write a new version'); END;
      CREATE TRIGGER donation_assignment_parts_no_delete BEFORE DELETE ON donation_assignment_parts
        BEGIN SELECT RAISE(ABORT, 'assignments are append-only: write a new version'); END;

      -- The audit log names incentives and schedule segments as subjects too (assignments are
      -- audited under their donation). The table is copied whole (ids kept) into its new form.
      CREATE TABLE audit_log_next (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('donation', 'invite', 'settings', 'twitch_moment', 'prize', 'incentive', 'segment')),
        subject_id TEXT NOT NULL,
        subject_label TEXT NOT NULL,
        action TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT,
        reason TEXT
      ) STRICT;
      INSERT INTO audit_log_next SELECT id, at, actor, actor_name, subject_kind, subject_id, subject_label, action, from_state, to_state, reason FROM audit_log;
      DROP TABLE audit_log;
      ALTER TABLE audit_log_next RENAME TO audit_log;
      CREATE INDEX audit_log_by_subject ON audit_log (subject_kind, subject_id, id);
      CREATE INDEX audit_log_by_time ON audit_log (at, id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    version: 26,
    name: 'team events: the outbox a desk publishes, and the team tables its reader applies',
    sql: `
      -- The team this desk belongs to (one at most). Its NATS credentials and the team secret
      -- live in the credential store, never here. team_rate: team-currency units one
      -- campaign-currency unit is worth, fixed when the desk joins ('1' for the same currency),
      -- so every row this desk sends converts at one rate and a refund takes back exactly.
      CREATE TABLE team_membership (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        team_id TEXT NOT NULL,
        team_name TEXT NOT NULL,
        desk_id TEXT NOT NULL,
        desk_name TEXT NOT NULL,
        organizer_desk_id TEXT NOT NULL,
        team_currency TEXT NOT NULL,
        team_goal_minor INTEGER NOT NULL CHECK (team_goal_minor > 0),
        team_rate TEXT NOT NULL,
        servers TEXT NOT NULL,
        stream TEXT NOT NULL,
        joined_at INTEGER NOT NULL,
        published_seq INTEGER NOT NULL DEFAULT 0,
        stopped_reason TEXT
      ) STRICT;

      -- Team-relevant facts, written in the same transaction as the commit they come from, and
      -- published in seq order; published_seq above moves only after JetStream's ack. Rows are
      -- kept (never deleted) so a later refund finds what its donation sent.
      CREATE TABLE team_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('opening', 'donation', 'refund', 'correction', 'chat', 'answer', 'control')),
        event_seq INTEGER,
        team_minor INTEGER,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      -- The organizer's side: the team it created, and one invite per desk.
      CREATE TABLE team_owned (
        team_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        currency TEXT NOT NULL,
        goal_minor INTEGER NOT NULL,
        servers TEXT NOT NULL,
        stream TEXT NOT NULL,
        replicas INTEGER NOT NULL,
        duplicate_window_s INTEGER NOT NULL,
        auth TEXT NOT NULL CHECK (auth IN ('jwt', 'none')),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE team_invites (
        desk_id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES team_owned (team_id),
        desk_name TEXT NOT NULL,
        user_key TEXT,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      ) STRICT;

      -- What every desk's reader applied from the team stream. Applied once per (desk, seq):
      -- the stream's de-duplication window is finite, this table is not.
      CREATE TABLE team_applied (
        desk_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (desk_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE team_desks (
        desk_id TEXT PRIMARY KEY,
        desk_name TEXT NOT NULL,
        raised_minor INTEGER NOT NULL DEFAULT 0,
        donations INTEGER NOT NULL DEFAULT 0,
        refunds INTEGER NOT NULL DEFAULT 0,
        unconverted INTEGER NOT NULL DEFAULT 0,
        messages INTEGER NOT NULL DEFAULT 0,
        last_seq INTEGER NOT NULL DEFAULT 0,
        last_fact_at INTEGER,
        last_commit_at INTEGER,
        applied_at INTEGER,
        revoked_at INTEGER,
        removed_at INTEGER,
        removed_reason TEXT
      ) STRICT;
      CREATE TABLE team_minutes (
        desk_id TEXT NOT NULL,
        minute INTEGER NOT NULL,
        raised_minor INTEGER NOT NULL DEFAULT 0,
        messages INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (desk_id, minute)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE team_targets (
        target_key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        mentions INTEGER NOT NULL DEFAULT 0,
        callers INTEGER NOT NULL DEFAULT 0,
        first_answer_at INTEGER,
        first_answer_desk TEXT,
        first_answer_kind TEXT
      ) STRICT;
      -- Callers by HMAC (team secret) of their platform id: exact distinct callers across desks
      -- without any desk learning another's viewers.
      CREATE TABLE team_target_callers (
        target_key TEXT NOT NULL,
        caller TEXT NOT NULL,
        PRIMARY KEY (target_key, caller)
      ) STRICT, WITHOUT ROWID;
      -- The reader's position in the stream (last stream sequence applied).
      CREATE TABLE team_reader (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        stream_seq INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      -- The organizer's decisions about desks (revoke, remove with a reason): append-only.
      CREATE TABLE team_audit (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        desk_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('invite', 'revoke', 'remove', 'restore')),
        reason TEXT
      ) STRICT;
      CREATE TRIGGER team_audit_no_update BEFORE UPDATE ON team_audit
        BEGIN SELECT RAISE(ABORT, 'the team audit is append-only'); END;
      CREATE TRIGGER team_audit_no_delete BEFORE DELETE ON team_audit
        BEGIN SELECT RAISE(ABORT, 'the team audit is append-only'); END;
    `,
  },
  {
    version: 27,
    name: 'team events: chat sent once a second, money re-sent when converted late, desk heartbeats',
    sql: `
      -- The chat counts of the current second, kept in the same transactions as the chat they
      -- count; once a second they become one outbox row (20 chat batches a second would otherwise
      -- be 20 facts on every reader).
      CREATE TABLE team_chat_pending (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        body TEXT NOT NULL,
        since INTEGER NOT NULL
      ) STRICT;

      -- Each money fact a reader applied, by the desk's event and its version: a donation
      -- converted late (its rate came after) is sent again with a higher version, and the
      -- reader moves the total by the difference, once, whatever order or how often it arrives.
      CREATE TABLE team_money (
        desk_id TEXT NOT NULL,
        event_seq INTEGER NOT NULL,
        version INTEGER NOT NULL,
        team_minor INTEGER,
        PRIMARY KEY (desk_id, event_seq)
      ) STRICT, WITHOUT ROWID;

      -- The last heartbeat a desk sent (core NATS, not kept in the stream): the board says a desk
      -- is silent when it stops.
      ALTER TABLE team_desks ADD COLUMN heartbeat_at INTEGER;

      -- The money rows a desk sent before their rate came, found again when it comes.
      CREATE INDEX team_outbox_by_event ON team_outbox (event_seq) WHERE event_seq IS NOT NULL;
    `,
  },
  {
    version: 28,
    name: 'running totals of incentives and bid-war options, kept at each assignment',
    sql: `
      -- What each assigned donation counts now for each incentive and option (its current
      -- assignment's parts shared out over its current amount): derived, rewritten whenever the
      -- donation's assignment or amount changes, so the old shares can be taken back exactly.
      -- option_id 0: an incentive's part (it has no options). waiting 1: a suggestion naming the
      -- incentive (no money counted yet). minute: the donation's minute, for pace and the charts.
      CREATE TABLE incentive_shares (
        donation_seq INTEGER NOT NULL,
        incentive_id INTEGER NOT NULL,
        option_id INTEGER NOT NULL,
        minute INTEGER NOT NULL,
        share_minor INTEGER NOT NULL,
        waiting INTEGER NOT NULL CHECK (waiting IN (0, 1)),
        PRIMARY KEY (donation_seq, incentive_id, option_id)
      ) STRICT, WITHOUT ROWID;
      -- The running sums of those shares: one row per incentive (option_id 0: the whole
      -- incentive, with its waiting suggestions) and per option; the list reads only these.
      CREATE TABLE incentive_totals (
        incentive_id INTEGER NOT NULL,
        option_id INTEGER NOT NULL,
        total_minor INTEGER NOT NULL,
        waiting INTEGER NOT NULL,
        PRIMARY KEY (incentive_id, option_id)
      ) STRICT, WITHOUT ROWID;
      -- Each incentive's money per minute of the donations' time (pace, and the money per
      -- incentive in the charts).
      CREATE TABLE incentive_minutes (
        incentive_id INTEGER NOT NULL,
        minute INTEGER NOT NULL,
        raised_minor INTEGER NOT NULL,
        PRIMARY KEY (incentive_id, minute)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX incentive_minutes_by_minute ON incentive_minutes (minute);
      -- Donations whose shares must be written again: marked by the triggers below in the same
      -- transaction as whatever changed them (a new assignment version, a refund, a correction,
      -- a rate that converted them), and cleared when the shares are rewritten (main/incentives/
      -- running.ts) in the assignment's own transaction or before the next read. Nothing that
      -- moves a donation's money can bypass them, and a crash leaves the mark with the change.
      CREATE TABLE incentive_dirty (donation_seq INTEGER PRIMARY KEY) STRICT;
      CREATE TRIGGER incentive_dirty_assignment AFTER INSERT ON donation_assignments
        BEGIN INSERT OR IGNORE INTO incentive_dirty (donation_seq) VALUES (NEW.donation_seq); END;
      CREATE TRIGGER incentive_dirty_refund AFTER INSERT ON donations
        WHEN NEW.refunds_seq IS NOT NULL AND EXISTS (SELECT 1 FROM donation_assignments WHERE donation_seq = NEW.refunds_seq)
        BEGIN INSERT OR IGNORE INTO incentive_dirty (donation_seq) VALUES (NEW.refunds_seq); END;
      CREATE TRIGGER incentive_dirty_converted AFTER UPDATE OF campaign_minor ON donations
        BEGIN INSERT OR IGNORE INTO incentive_dirty (donation_seq)
          SELECT s FROM (SELECT NEW.event_seq AS s UNION SELECT NEW.refunds_seq) WHERE s IS NOT NULL AND EXISTS (SELECT 1 FROM donation_assignments WHERE donation_seq = s); END;
      CREATE TRIGGER incentive_dirty_correction AFTER INSERT ON donation_corrections
        WHEN EXISTS (SELECT 1 FROM donation_assignments WHERE donation_seq = NEW.donation_seq)
        BEGIN INSERT OR IGNORE INTO incentive_dirty (donation_seq) VALUES (NEW.donation_seq); END;
      CREATE TRIGGER incentive_dirty_correction_changed AFTER UPDATE ON donation_corrections
        WHEN EXISTS (SELECT 1 FROM donation_assignments WHERE donation_seq = NEW.donation_seq)
        BEGIN INSERT OR IGNORE INTO incentive_dirty (donation_seq) VALUES (NEW.donation_seq); END;
      -- Donations assigned before this version: their shares are written on the first read.
      INSERT INTO incentive_dirty (donation_seq) SELECT DISTINCT donation_seq FROM donation_assignments;
    `,
  },
  {
    version: 29,
    name: 'crowdspeaking: call moments sign-up commands, sign-ups and posts in the window, source connection history',
    sql: `
      -- The chat command viewers type to sign up for a call moment ("!call erdogan": lower-case
      -- ASCII), and how many minutes its window lasts. NULL command: moments from before.
      ALTER TABLE call_moments ADD COLUMN command TEXT;
      ALTER TABLE call_moments ADD COLUMN window_min INTEGER NOT NULL DEFAULT 10;

      -- Every chat message that signed someone up, written with the message (same transaction).
      -- A person counts once per moment however often they type it; a message cleared later is
      -- taken out by its chat_hidden mark at read time, never by deleting rows. Column names as
      -- in events, so the hidden-chat test reads both.
      CREATE TABLE call_signups (
        moment_id TEXT NOT NULL REFERENCES call_moments (id),
        seq INTEGER NOT NULL REFERENCES events (seq),
        platform TEXT NOT NULL,
        source_id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        actor_key TEXT NOT NULL,
        actor_name TEXT,
        occurred_at INTEGER NOT NULL,
        PRIMARY KEY (moment_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX call_signups_people ON call_signups (moment_id, platform, actor_key);

      -- Every message that called on the moment's target from an hour before the moment to the
      -- end of its window (the hour before gives the same people's usual rate). Bots and the
      -- streamer's own account are not written.
      CREATE TABLE call_posts (
        moment_id TEXT NOT NULL REFERENCES call_moments (id),
        seq INTEGER NOT NULL REFERENCES events (seq),
        platform TEXT NOT NULL,
        source_id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        actor_key TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        PRIMARY KEY (moment_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX call_posts_people ON call_posts (moment_id, platform, actor_key);

      -- Each change of a source's connection status (connected, reconnecting, failing...), so a
      -- card can say which part of a call's window a chat platform missed.
      CREATE TABLE source_status_log (
        id INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL,
        status TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX source_status_log_by_source ON source_status_log (source_id, at);
    `,
  },
  {
    version: 30,
    name: 'tiltify: the campaign\'s polls, poll options, targets and rewards, and their links to incentives',
    sql: `
      -- What Tiltify reports for a campaign, as last read by the source's poller. Ids are
      -- Tiltify's UUIDs; parent_id is a poll option's poll. Money in the campaign's minor units.
      -- incentive_id / option_id: the owner's link (a poll to a bid war, its options to the bid
      -- war's options, a target or reward to an incentive); NULL until linked.
      CREATE TABLE tiltify_items (
        source_id TEXT NOT NULL REFERENCES sources (id),
        kind TEXT NOT NULL CHECK (kind IN ('poll', 'poll_option', 'target', 'reward')),
        tiltify_id TEXT NOT NULL,
        parent_id TEXT,
        name TEXT NOT NULL,
        currency TEXT,
        goal_minor INTEGER,
        raised_minor INTEGER,
        active INTEGER NOT NULL DEFAULT 1,
        incentive_id INTEGER REFERENCES incentives (id),
        option_id INTEGER REFERENCES incentive_options (id),
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (source_id, kind, tiltify_id)
      ) STRICT;
      CREATE INDEX tiltify_items_by_link ON tiltify_items (incentive_id, option_id);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
