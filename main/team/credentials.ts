/**
 * NATS decentralized auth for a team: the organizer holds the team's NATS account key (its seed,
 * given at set-up; the account is registered with the server by whoever runs it) and signs one
 * user per desk with exactly the subjects that desk may use. The server checks every publish
 * against the user's JWT: a desk cannot publish as another.
 */
import { teamBeatSubject, teamBeatSubjects, teamStreamName, teamSubject } from '../../shared/team.js';

type Jwt = typeof import('@nats-io/jwt');

let jwtModule: Promise<Jwt> | null = null;
const loadJwt = (): Promise<Jwt> => (jwtModule ??= import('@nats-io/jwt'));

/** The JetStream API subjects a desk needs to read the team stream with an ordered consumer. */
export function deskPermissions(teamId: string, deskId: string): { pub: { allow: string[]; deny: string[] }; sub: { allow: string[]; deny: string[] } } {
  const stream = teamStreamName(teamId);
  return {
    pub: {
      allow: [
        teamSubject(teamId, deskId, '>'),
        teamBeatSubject(teamId, deskId),
        '$JS.API.INFO',
        `$JS.API.STREAM.INFO.${stream}`,
        `$JS.API.CONSUMER.CREATE.${stream}.>`,
        `$JS.API.CONSUMER.INFO.${stream}.>`,
        `$JS.API.CONSUMER.DELETE.${stream}.>`,
        `$JS.API.CONSUMER.MSG.NEXT.${stream}.>`,
        `$JS.ACK.${stream}.>`,
      ],
      deny: [],
    },
    sub: { allow: ['_INBOX.>', teamBeatSubjects(teamId)], deny: [] },
  };
}

/** Checks an account seed ("SA..."): its public key, or null when it is not one. */
export async function accountPublicKey(seed: string): Promise<string | null> {
  const { fromSeed } = await loadJwt();
  try {
    const kp = fromSeed(new TextEncoder().encode(seed.trim()));
    const pub = kp.getPublicKey();
    return pub.startsWith('A') ? pub : null;
  } catch {
    return null;
  }
}

/** A credentials file for one desk, signed by the team account. */
export async function mintDeskCreds(accountSeed: string, teamId: string, deskId: string): Promise<{ creds: string; userKey: string }> {
  const { createUser, encodeUser, fmtCreds, fromSeed } = await loadJwt();
  const account = fromSeed(new TextEncoder().encode(accountSeed.trim()));
  const user = createUser();
  const jwt = await encodeUser(`desk ${deskId}`, user, account, { ...deskPermissions(teamId, deskId), subs: -1, data: -1, payload: -1 });
  return { creds: new TextDecoder().decode(fmtCreds(jwt, user)), userKey: user.getPublicKey() };
}

/** The organizer's own user for creating the stream: everything in the team account. */
export async function mintAdminCreds(accountSeed: string): Promise<string> {
  const { createUser, encodeUser, fmtCreds, fromSeed } = await loadJwt();
  const account = fromSeed(new TextEncoder().encode(accountSeed.trim()));
  const user = createUser();
  const jwt = await encodeUser('team organizer', user, account, { subs: -1, data: -1, payload: -1 });
  return new TextDecoder().decode(fmtCreds(jwt, user));
}
