import type { Db } from '../store/database.js';

/** This desk's place in a team (team_membership), as stored. */
export interface Membership {
  teamId: string;
  teamName: string;
  deskId: string;
  deskName: string;
  organizerDeskId: string;
  teamCurrency: string;
  teamGoalMinor: number;
  /** Team-currency units per campaign-currency unit, fixed at joining. */
  teamRate: string;
  servers: string[];
  stream: string;
  joinedAt: number;
  publishedSeq: number;
  stoppedReason: string | null;
}

interface MembershipRow {
  team_id: string;
  team_name: string;
  desk_id: string;
  desk_name: string;
  organizer_desk_id: string;
  team_currency: string;
  team_goal_minor: number;
  team_rate: string;
  servers: string;
  stream: string;
  joined_at: number;
  published_seq: number;
  stopped_reason: string | null;
}

export function readMembership(db: Db): Membership | null {
  const row = db.prepare<[], MembershipRow>('SELECT * FROM team_membership WHERE id = 1').get();
  if (!row) return null;
  return {
    teamId: row.team_id,
    teamName: row.team_name,
    deskId: row.desk_id,
    deskName: row.desk_name,
    organizerDeskId: row.organizer_desk_id,
    teamCurrency: row.team_currency,
    teamGoalMinor: row.team_goal_minor,
    teamRate: row.team_rate,
    servers: JSON.parse(row.servers) as string[],
    stream: row.stream,
    joinedAt: row.joined_at,
    publishedSeq: row.published_seq,
    stoppedReason: row.stopped_reason,
  };
}

export function writeMembership(db: Db, m: Omit<Membership, 'publishedSeq' | 'stoppedReason'>): void {
  db.prepare(
    `INSERT INTO team_membership (id, team_id, team_name, desk_id, desk_name, organizer_desk_id, team_currency, team_goal_minor, team_rate, servers, stream, joined_at)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(m.teamId, m.teamName, m.deskId, m.deskName, m.organizerDeskId, m.teamCurrency, m.teamGoalMinor, m.teamRate, JSON.stringify(m.servers), m.stream, m.joinedAt);
}

/** Where this desk's NATS credentials and the team secret are kept (the credential store, not the database). */
export const TEAM_CREDS_ENTRY = 'team:nats-creds';
export const TEAM_SECRET_ENTRY = 'team:secret';
/** The organizer's: the NATS account seed that signs desks' credentials. */
export const TEAM_ACCOUNT_SEED_ENTRY = 'team:account-seed';
