// The role matrix, generated from the contract's tables (ROUTE_ROLES, STAFF_CHANGE_AUDIENCE,
// STAFF_SNAPSHOT_AUDIENCE): every route over real HTTP and every staff change and snapshot field
// over real socket.io, for the owner, a moderator, a viewer, a revoked invite, the overlay key and
// no token at all, against a real core on 127.0.0.1 with its SQLite file in a temporary folder.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import {
  audienceIncludes,
  OVERLAY_NAMESPACE,
  roleAllows,
  ROUTE_ROLES,
  type RouteKey,
  type SequencedBatch,
  splitRouteKey,
  STAFF_CHANGE_AUDIENCE,
  STAFF_NAMESPACE,
  STAFF_ROLES,
  STAFF_SNAPSHOT_AUDIENCE,
  type StaffAudience,
  type StaffChange,
  type StaffSnapshot,
  unbatch,
} from '../../shared/contract.js';
import type { Role } from '../../shared/views.js';
import { PUBLIC_PROBLEM_MESSAGE } from '../hub/public-forms.js';
import { EXAMPLE_CAMPAIGN, type TestCore, TEST_TOKEN, donationBody, startTestCore } from '../testing/harness.js';
import { until } from '../testing/until.js';

interface Listener {
  socket: Socket;
  /** Every event received, in order, as sent. */
  events: { event: string; payload: any }[];
  /** Everything received, serialized: what a leak search reads. */
  text(): string;
  snapshot(): StaffSnapshot;
  changes(): { epoch: string; seq: number; change: StaffChange }[];
}

function listen(t: TestCore, namespace: string, auth: Record<string, string>): Promise<Listener> {
  const socket = io(`${t.core.url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  opened.push(socket);
  const events: { event: string; payload: any }[] = [];
  socket.onAny((event: string, payload: unknown) => events.push({ event, payload }));
  const listener: Listener = {
    socket,
    events,
    text: () => JSON.stringify(events),
    snapshot: () => {
      const found = events.find((e) => e.event === 'snapshot');
      assert.ok(found, 'a snapshot came');
      return found.payload as StaffSnapshot;
    },
    changes: () => events.filter((e) => e.event === 'changes').flatMap((e) => unbatch(e.payload as SequencedBatch<StaffChange>)),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(listener));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

const opened: Socket[] = [];
after(() => {
  for (const socket of opened) socket.close();
});

async function invite(t: TestCore, role: 'moderator' | 'viewer', name: string): Promise<{ id: string; token: string }> {
  const created = await t.api('POST', '/api/invites', { role, name });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { id: created.body.invite.id, token: created.body.token };
}

async function revokedInvite(t: TestCore): Promise<string> {
  const revoked = await invite(t, 'moderator', 'Rex Revoked');
  assert.equal((await t.api('DELETE', `/api/invites/${revoked.id}`)).status, 200);
  return revoked.token;
}

/** A request as any client sends it; the body is read as JSON only when it is JSON (exports are CSV). */
async function call(t: TestCore, method: string, path: string, body: string | undefined, token: string | null): Promise<{ status: number; body: any }> {
  const response = await fetch(`${t.core.url}${path}`, {
    method,
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body,
  });
  const json = response.headers.get('content-type')?.startsWith('application/json');
  return { status: response.status, body: json ? await response.json() : await response.text() };
}

/** Who calls: a role, or a credential that is no role at all. */
type Caller = Role | 'revoked' | 'overlay key' | 'no token';
const CALLERS: readonly Caller[] = ['no token', 'overlay key', 'revoked', 'viewer', 'moderator', 'owner'];

describe('the role matrix over HTTP, from ROUTE_ROLES', () => {
  let t: TestCore;
  const tokens = new Map<Caller, string | null>();
  before(async () => {
    t = await startTestCore();
    tokens.set('owner', TEST_TOKEN);
    tokens.set('moderator', (await invite(t, 'moderator', 'Mina')).token);
    tokens.set('viewer', (await invite(t, 'viewer', 'Vic')).token);
    tokens.set('revoked', await revokedInvite(t));
    tokens.set('overlay key', (await t.api('GET', '/api/overlay')).body.key);
    tokens.set('no token', null);
  });
  after(async () => {
    await t.close();
  });

  for (const route of Object.keys(ROUTE_ROLES) as RouteKey[]) {
    it(`${route}: ${ROUTE_ROLES[route]} and above`, async () => {
      const { method, path } = splitRouteKey(route);
      // A made-up id: a refused caller is refused before the id is looked up.
      const concrete = path.replace(/:[a-zA-Z]+/g, '999999');
      const body = method === 'GET' ? undefined : '{}';
      for (const caller of CALLERS) {
        const answer = await call(t, method, concrete, body, tokens.get(caller) ?? null);
        const said = `${route} as ${caller}: ${answer.status} ${JSON.stringify(answer.body)}`;
        if (caller === 'no token' || caller === 'overlay key') {
          assert.equal(answer.status, 401, said);
        } else if (caller === 'revoked') {
          assert.equal(answer.status, 403, said);
          assert.equal(answer.body.error.code, 'revoked', said);
        } else if (roleAllows(caller, ROUTE_ROLES[route])) {
          assert.ok(answer.status !== 401 && answer.status !== 403, said);
        } else {
          assert.equal(answer.status, 403, said);
          assert.equal(answer.body.error.code, 'forbidden', said);
        }
      }
    });
  }
});

describe('the staff socket follows the same rules as HTTP', () => {
  it('never gives a role on the socket more than the HTTP route its table entry names', () => {
    const tables: [string, Record<string, StaffAudience<string>>][] = [
      ['change', STAFF_CHANGE_AUDIENCE],
      ['snapshot field', STAFF_SNAPSHOT_AUDIENCE],
    ];
    for (const [kind, table] of tables) {
      for (const [part, audience] of Object.entries(table)) {
        for (const role of STAFF_ROLES) {
          if (!audienceIncludes(audience, role) || audience.route === null) continue;
          assert.ok(roleAllows(role, ROUTE_ROLES[audience.route]), `${kind} ${part} reaches ${role}, but ${audience.route} is ${ROUTE_ROLES[audience.route]}`);
        }
        if ('viewerFormOf' in audience) {
          const full = table[audience.viewerFormOf];
          assert.ok(full && 'least' in full && full.least !== 'viewer', `${kind} ${part} is the viewers' form of ${audience.viewerFormOf}, which viewers must not get in full`);
        }
      }
    }
  });
});

// Words that mark what a viewer must never receive: each appears only in data a viewer's HTTP
// requests are refused (or in no response at all).
const SECRET = {
  pendingMessage: 'PENDING-MSG-7731',
  pendingDonor: 'Pendra Pendingname',
  deniedMessage: 'DENIED zzinsultword 4412',
  deniedDonor: 'Dorian Deniedname',
  screeningWord: 'zzinsultword',
  anonymousDonor: 'Anouk Anonymousname',
  claimHolder: 'Mina Moderatorname',
  unpaidSource: 'Unpaid Sourcename',
  handle: 'SecretHandleX9',
  unconfirmedQuote: 'UNCONFIRMED-QUOTE-55',
  unconfirmedLink: 'https://x.example/status/unconfirmed-5501',
  rawProblem: '/home/organiser-secret-folder/backups',
  waitingResub: 'WAITING-RESUB-MSG-8812',
  pendingOption: 'PENDING-OPTION-6620',
};

describe('the role matrix over the staff socket, from STAFF_CHANGE_AUDIENCE and STAFF_SNAPSHOT_AUDIENCE', () => {
  let t: TestCore;
  let moderator: { id: string; token: string };
  let viewer: { id: string; token: string };
  let overlayKey: string;
  /** Secrets no staff socket carries, to any role. */
  let secrets: string[];
  let hookPath: string;
  const live = new Map<Role, Listener>();
  const fresh = new Map<Role, Listener>();
  const tokenOf = (role: Role) => (role === 'owner' ? TEST_TOKEN : role === 'moderator' ? moderator.token : viewer.token);

  before(async () => {
    t = await startTestCore();
    moderator = await invite(t, 'moderator', SECRET.claimHolder);
    viewer = await invite(t, 'viewer', 'Vic Viewer');
    overlayKey = (await t.api('GET', '/api/overlay')).body.key;
    for (const role of STAFF_ROLES) live.set(role, await listen(t, STAFF_NAMESPACE, { token: tokenOf(role) }));
    const api = (method: string, path: string, body: unknown, token: string, status: number) =>
      t.api(method, path, body, token).then((answer) => {
        assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(answer.body)}`);
        return answer.body;
      });
    const owner = TEST_TOKEN;
    const mod = moderator.token;

    // campaign, screening (the word list)
    await api('PUT', '/api/campaign', { ...EXAMPLE_CAMPAIGN, title: 'Water for the camps, day 2' }, owner, 200);
    await api('PUT', '/api/screening/settings', { words: [SECRET.screeningWord] }, owner, 200);
    // source (its secret is shown once, to the owner's HTTP request, never on a socket)
    const paid = await api('POST', '/api/sources', { kind: 'webhook', name: 'Donation form' }, owner, 201);
    const unpaid = await api('POST', '/api/sources', { kind: 'webhook', name: SECRET.unpaidSource }, owner, 201);
    secrets = [paid.secret, unpaid.secret, TEST_TOKEN, moderator.token, viewer.token, overlayKey];
    hookPath = unpaid.hook_path;
    // A forged request: the unpaid source's counts and error change, a source update.
    assert.equal((await t.hook(unpaid.id, 'not-the-secret', donationBody('forged', '1.00'))).status, 401);
    // donation, totals, minutes: one pending, one denied by the word list
    const pending = await t.hook(paid.id, paid.secret, donationBody('p-1', '12.50', 'EUR', { donor: { name: SECRET.pendingDonor }, message: SECRET.pendingMessage }));
    assert.equal(pending.status, 201);
    assert.equal((await t.hook(paid.id, paid.secret, donationBody('d-1', '3.00', 'EUR', { donor: { name: SECRET.deniedDonor }, message: SECRET.deniedMessage }))).status, 201);
    await until('the word list denied one', () => api('GET', '/api/screening', undefined, mod, 200), (view) => view.counts.denied === 1);
    // public_donation: approved; the anonymous donor is never named
    const anonymous = await api('POST', '/api/donations', { id: 'a-1', amount: { value: '20', currency: 'EUR' }, donor: { name: SECRET.anonymousDonor, anonymous: true }, message: 'from someone' }, mod, 201);
    await api('POST', `/api/donations/${anonymous.id}/screen`, { decision: 'approve' }, mod, 200);
    // public_donation_hidden: approved, then flagged
    const shown = await api('POST', '/api/donations', { id: 's-1', amount: { value: '7', currency: 'EUR' }, donor: { name: 'Abel' }, message: 'shown, then taken back' }, mod, 201);
    await api('POST', `/api/donations/${shown.id}/screen`, { decision: 'approve' }, mod, 200);
    await api('POST', `/api/donations/${shown.id}/screen`, { decision: 'flag', reason: 'second look' }, mod, 200);
    // a claim: who holds which item
    await api('POST', `/api/donations/${pending.body.id}/claim`, undefined, mod, 200);
    // target, public_target: one unconfirmed response, one confirmed
    const target = (await api('POST', '/api/targets', { name: 'Platform X', handles: [{ platform: 'x', handle: SECRET.handle }], hashtags: ['XHelpNow'], ask: 'Match the donations' }, mod, 201)).target;
    await api('POST', `/api/targets/${target.id}/responses`, { kind: 'acknowledgement', quote: SECRET.unconfirmedQuote, url: SECRET.unconfirmedLink }, mod, 201);
    const answered = (await api('POST', `/api/targets/${target.id}/responses`, { kind: 'commitment', quote: 'We will match it', url: 'https://x.example/status/1' }, mod, 201)).response;
    await api('POST', `/api/responses/${answered.id}/confirm`, undefined, owner, 200);
    // prizes, public_prizes: a prize open around now (its winners' forms: main/prizes/prizes.test.ts)
    await api('POST', '/api/prizes', { title: 'Signed controller', minimum: { value: '10' }, opens_at: new Date(Date.now() - 3_600_000).toISOString(), closes_at: new Date(Date.now() + 3_600_000).toISOString(), winners: 1 }, owner, 201);
    // health: a problem whose raw words name the organiser's folders
    t.core.services.health.report('backup', `The last backup failed: EACCES: permission denied, open '${SECRET.rawProblem}'`);
    // chat_hidden: the Twitch connector's word that moderators cleared chat
    t.core.services.hub.chatHidden(paid.id);
    // twitch_moments: a resub whose message waits for a moderator (the word list does not match it)
    t.core.services.ingest.chat({
      sourceId: paid.id,
      externalId: 'resub-1',
      kind: 'twitch.resub',
      userKey: 'twitch:77',
      displayName: 'Resa Resubber',
      text: SECRET.waitingResub,
      occurredAt: Date.now(),
      pledge: { unit: 'sub_tier1', count: 1, part: 'resub' },
      moment: { kind: 'resub', unit: 'sub_tier1', count: 1, cumulative: 14, message: SECRET.waitingResub },
    });
    t.core.services.ingest.flushChat();
    // team, team_error: the Team tab's view (a desk in no team) and, for the owner, its last error
    t.core.services.hub.teamChanged();
    // schedule, incentives, public_incentives, assignment: a bid war, a donor's proposed option
    // (it waits for a moderator: never the viewers'), and a moderator's assignment.
    await api('POST', '/api/schedule', { title: 'Run 1', planned_start: '2026-12-05T10:00:00Z', planned_length_min: 60 }, owner, 201);
    const war = (await api('POST', '/api/incentives', { kind: 'bid_war', name: 'Save name', options: ['Hope'], allow_suggestions: true }, owner, 201)).incentive;
    const chose = await t.hook(paid.id, paid.secret, donationBody('i-1', '5.00', 'EUR', { donor: { anonymous: true }, incentive: 'Save name', new_option: SECRET.pendingOption }));
    assert.equal(chose.status, 201);
    await api('PUT', `/api/donations/${chose.body.id}/assignment`, { expected_version: 1, parts: [{ incentive_id: war.id, option_id: war.options[0].id }] }, mod, 200);
    await until('the assigned money reached the viewers', async () => live.get('viewer')!.changes(), (changes) =>
      changes.some((c) => c.change.type === 'public_incentives' && c.change.incentives.some((i) => i.total.value === '5.00')));

    // Every role has heard every change type it receives (targets and screening are coalesced).
    for (const role of STAFF_ROLES) {
      const listener = live.get(role)!;
      const due = (Object.keys(STAFF_CHANGE_AUDIENCE) as StaffChange['type'][]).filter((type) => audienceIncludes(STAFF_CHANGE_AUDIENCE[type], role));
      await until(`${role} heard every change type it receives`, async () => new Set(listener.changes().map((c) => c.change.type)), (seen) => due.every((type) => seen.has(type)));
    }
    await until('the confirmed response reached the board', async () => live.get('viewer')!.changes(), (changes) =>
      changes.some((c) => c.change.type === 'public_target' && c.change.target.status === 'responded'));
    await until('the claim reached the moderators', async () => live.get('moderator')!.changes(), (changes) =>
      changes.some((c) => c.change.type === 'screening' && c.change.screening.claims.length === 1));
    for (const role of STAFF_ROLES) fresh.set(role, await listen(t, STAFF_NAMESPACE, { token: tokenOf(role) }));
    await until('fresh snapshots came', async () => [...fresh.values()].every((l) => l.events.some((e) => e.event === 'snapshot')), Boolean);
  });
  after(async () => {
    await t.close();
  });

  for (const type of Object.keys(STAFF_CHANGE_AUDIENCE) as StaffChange['type'][]) {
    const audience = STAFF_CHANGE_AUDIENCE[type];
    it(`change ${type}: ${STAFF_ROLES.filter((role) => audienceIncludes(audience, role)).join(', ')}`, () => {
      for (const role of STAFF_ROLES) {
        const got = live.get(role)!.changes().filter((c) => c.change.type === type).length;
        if (audienceIncludes(audience, role)) assert.ok(got > 0, `${role} receives ${type}`);
        else assert.equal(got, 0, `${role} must not receive ${type}`);
      }
    });
  }

  for (const field of Object.keys(STAFF_SNAPSHOT_AUDIENCE) as (keyof StaffSnapshot)[]) {
    const audience = STAFF_SNAPSHOT_AUDIENCE[field];
    it(`snapshot field ${field}: ${STAFF_ROLES.filter((role) => audienceIncludes(audience, role)).join(', ')}`, () => {
      for (const role of STAFF_ROLES) {
        for (const snapshot of [live.get(role)!.snapshot(), fresh.get(role)!.snapshot()]) {
          assert.ok(field in snapshot, `${role}'s snapshot names ${field}`);
          if (audienceIncludes(audience, role)) assert.notEqual(snapshot[field], null, `${role} receives ${field}`);
          else assert.equal(snapshot[field], null, `${role} must not receive ${field}`);
        }
      }
    });
  }

  it('gives each role its own unbroken sequence, so a gap is still seen', () => {
    for (const role of STAFF_ROLES) {
      const listener = live.get(role)!;
      const snapshot = listener.snapshot();
      assert.equal(snapshot.role, role);
      listener.changes().forEach((c, i) => {
        assert.equal(c.epoch, snapshot.epoch, `${role}: one epoch`);
        assert.equal(c.seq, snapshot.seq + i + 1, `${role}: change ${i} follows without a gap`);
      });
      const later = fresh.get(role)!.snapshot();
      assert.equal(later.epoch, snapshot.epoch);
      // A change may still go out after the later snapshot (a health change on a busy machine): it reaches both.
      const laterSeen = later.seq + fresh.get(role)!.changes().length;
      assert.ok(laterSeen >= snapshot.seq + listener.changes().length, `${role}'s later snapshot and changes include every change sent`);
    }
  });

  it('sends the viewer nothing pending, denied, unscreened, from the screening room, from the sources, or of a target\'s moderation', () => {
    const received = live.get('viewer')!.text() + fresh.get('viewer')!.text();
    for (const [what, word] of Object.entries(SECRET)) assert.equal(received.includes(word), false, `the viewer received ${what}: ${word}`);
    assert.equal(received.includes(t.dir), false, 'the viewer received the data folder\'s path');
    const publicDonations = live.get('viewer')!.changes().filter((c) => c.change.type === 'public_donation');
    for (const c of publicDonations) {
      if (c.change.type !== 'public_donation') continue;
      assert.deepEqual(Object.keys(c.change.donation).sort(), ['amount', 'converted', 'donor_name', 'id', 'message', 'occurred_at']);
    }
    assert.ok(publicDonations.some((c) => c.change.type === 'public_donation' && c.change.donation.donor_name === null), 'the anonymous donation, unnamed');
    assert.deepEqual(fresh.get('viewer')!.snapshot().public_donations?.map((d) => d.message), ['from someone'], 'only the approved donation still shown');
    const health = fresh.get('viewer')!.snapshot().public_health;
    // 'busy' (the event loop reported slow) comes and goes with the machine's load, not with the role.
    const problems = health?.problems.filter((p) => p.code !== 'busy');
    assert.deepEqual(problems?.map((p) => [p.code, p.message]), [['backup', PUBLIC_PROBLEM_MESSAGE]]);
  });

  it('sends moderators what their HTTP requests get, and no one the secrets of sources, invites or the overlay', () => {
    const modText = live.get('moderator')!.text();
    for (const word of [SECRET.pendingMessage, SECRET.deniedMessage, SECRET.screeningWord, SECRET.claimHolder, SECRET.unpaidSource, SECRET.handle, SECRET.pendingOption]) {
      assert.ok(modText.includes(word), `moderators receive ${word}`);
    }
    for (const role of STAFF_ROLES) {
      const received = live.get(role)!.text() + fresh.get(role)!.text();
      secrets.forEach((secret, i) => assert.equal(received.includes(secret), false, `${role} received secret ${i}`));
    }
    // The hook path is the moderators' (GET /api/sources), not the viewers'.
    assert.ok(modText.includes(hookPath));
    assert.equal((live.get('viewer')!.text() + fresh.get('viewer')!.text()).includes(hookPath), false, 'the viewer received a hook path');
  });

  it('carries the same forms as the HTTP routes its table names, for each role', async () => {
    for (const role of STAFF_ROLES) {
      const snapshot = fresh.get(role)!.snapshot();
      const get = async (path: string) => t.api('GET', path, undefined, tokenOf(role));
      const targets = await get('/api/targets');
      const health = await get('/api/health');
      assert.equal(targets.status, 200);
      assert.deepEqual(targets.body.targets, role === 'viewer' ? snapshot.public_targets : snapshot.targets, `${role}: targets`);
      // The event loop's windows are measured as they pass: the snapshot's were read earlier.
      const steady = (view: any) => (view && typeof view === 'object' ? { ...view, event_loop: undefined } : view);
      assert.deepEqual(steady(health.body), steady(role === 'viewer' ? snapshot.public_health : snapshot.health), `${role}: health`);
      // Every field whose route refuses this role is null in its snapshot.
      for (const [field, audience] of Object.entries(STAFF_SNAPSHOT_AUDIENCE) as [keyof StaffSnapshot, StaffAudience<string>][]) {
        if (audience.route === null) continue;
        const answer = await get(splitRouteKey(audience.route).path);
        if (answer.status === 403) assert.equal(snapshot[field], null, `${role}: ${audience.route} answers 403, yet the snapshot's ${field} is sent`);
        else assert.equal(answer.status, 200, `${role}: ${audience.route}`);
      }
    }
    assert.equal(JSON.stringify((await t.api('GET', '/api/targets', undefined, viewer.token)).body).includes(SECRET.handle), false);
  });

  it('names to viewers among the top donors only who the overlay has shown', async () => {
    const forViewer = await t.api('GET', '/api/charts/pace', undefined, viewer.token);
    const forModerator = await t.api('GET', '/api/charts/pace', undefined, moderator.token);
    assert.equal(forViewer.status, 200);
    const names = (body: any) => (body.top_donors as { name: string }[]).map((d) => d.name).sort();
    assert.deepEqual(names(forModerator.body), ['Abel', SECRET.deniedDonor, SECRET.pendingDonor].sort());
    // Abel's only donation was approved, then flagged: off the overlay, so not named either.
    assert.deepEqual(names(forViewer.body), []);
    assert.deepEqual(forViewer.body.anonymous, forModerator.body.anonymous);
    const text = JSON.stringify(forViewer.body);
    for (const word of [SECRET.pendingDonor, SECRET.deniedDonor, SECRET.anonymousDonor]) assert.equal(text.includes(word), false, word);

    const shown = await t.api('POST', '/api/donations', { id: 'n-1', amount: { value: '500', currency: 'EUR' }, donor: { name: 'Nadia' }, message: 'on air' }, moderator.token);
    assert.equal((await t.api('POST', `/api/donations/${shown.body.id}/screen`, { decision: 'approve' }, moderator.token)).status, 200);
    const after = (await t.api('GET', '/api/charts/pace', undefined, viewer.token)).body;
    assert.deepEqual(after.top_donors.map((d: { rank: number; name: string }) => [d.rank, d.name]), [[1, 'Nadia']]);
  });

  it('refuses the overlay key and a revoked invite on the staff socket, and the staff tokens on the overlay socket', async () => {
    await assert.rejects(listen(t, STAFF_NAMESPACE, { token: overlayKey }), /unauthorized/);
    await assert.rejects(listen(t, STAFF_NAMESPACE, { token: await revokedInvite(t) }), /unauthorized/);
    await assert.rejects(listen(t, STAFF_NAMESPACE, {}), /unauthorized/);
    for (const role of STAFF_ROLES) await assert.rejects(listen(t, OVERLAY_NAMESPACE, { key: tokenOf(role) }), /unauthorized/);
    const overlay = await listen(t, OVERLAY_NAMESPACE, { key: overlayKey });
    await until('the overlay has its snapshot', async () => overlay.events.length, (n) => n > 0);
    overlay.socket.close();
  });

  it('ends a revoked person\'s live staff socket at once, and the overlay key opens no API route nor page but the overlay', async () => {
    const person = await invite(t, 'viewer', 'Val');
    const socket = await listen(t, STAFF_NAMESPACE, { token: person.token });
    const ended = new Promise<string>((resolve) => socket.socket.once('disconnect', resolve));
    assert.equal((await t.api('DELETE', `/api/invites/${person.id}`)).status, 200);
    assert.equal(await ended, 'io server disconnect');
    const refused = await t.api('GET', '/api/me', undefined, person.token);
    assert.deepEqual([refused.status, refused.body.error.code], [403, 'revoked']);
    assert.equal((await fetch(`${t.core.url}/overlay/total?key=${encodeURIComponent(overlayKey)}`)).status, 200);
    assert.equal((await t.api('GET', `/api/totals?key=${encodeURIComponent(overlayKey)}`, undefined, null)).status, 401);
  });
});

describe("issue 12: a viewer's socket carries what the viewer's HTTP requests are refused", () => {
  it('gives a viewer neither over HTTP nor on the staff socket the pending and denied messages, donors, word list, claims or sources', async () => {
    const t = await startTestCore();
    try {
      const mod = await invite(t, 'moderator', 'Moe Claimholder');
      const viewer = await invite(t, 'viewer', 'Vic');
      const socket = await listen(t, STAFF_NAMESPACE, { token: viewer.token });
      assert.equal((await t.api('PUT', '/api/screening/settings', { words: ['wordlistinsult'] })).status, 200);
      const source = (await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Hidden form' })).body;
      const pending = await t.hook(source.id, source.secret, donationBody('p', '5.00', 'EUR', { donor: { name: 'Pia Pending' }, message: 'waiting for a moderator' }));
      await t.hook(source.id, source.secret, donationBody('d', '5.00', 'EUR', { donor: { name: 'Dan Denied' }, message: 'you wordlistinsult' }));
      assert.equal((await t.api('POST', `/api/donations/${pending.body.id}/claim`, undefined, mod.token)).status, 200);
      await until('the word list denied the insult', async () => (await t.api('GET', '/api/screening')).body.counts.denied, (n) => n === 1);

      for (const path of ['/api/donations', '/api/screening', '/api/sources']) {
        assert.equal((await t.api('GET', path, undefined, viewer.token)).status, 403, path);
      }
      // The totals reach the viewer's socket: so would anything sent after them.
      await until('the viewer heard the totals', async () => socket.changes().filter((c) => c.change.type === 'totals').length, (n) => n >= 2);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the screening change is coalesced over 200 ms
      const again = await listen(t, STAFF_NAMESPACE, { token: viewer.token });
      await until('a fresh snapshot', async () => again.events.length, (n) => n > 0);
      const received = socket.text() + again.text();
      // The source's name and id reach viewers in the totals by source (GET /api/totals), not its status.
      for (const word of ['waiting for a moderator', 'Pia Pending', 'wordlistinsult', 'Dan Denied', 'Moe Claimholder', source.hook_path, '"status":"listening"']) {
        assert.equal(received.includes(word), false, `the viewer's socket carried ${word}`);
      }
      const snapshot = again.snapshot();
      assert.deepEqual([snapshot.donations, snapshot.screening, snapshot.sources], [null, null, null]);
      assert.deepEqual(snapshot.public_donations, []);
    } finally {
      await t.close();
    }
  });
});

describe('a role with nobody connected', () => {
  it('is sent nothing, and its first dashboard still follows its snapshot without a gap', async () => {
    const t = await startTestCore();
    try {
      const viewer = await invite(t, 'viewer', 'Late Viewer');
      const pledge = async (id: string) => {
        const created = await t.api('POST', '/api/donations', { id, amount: { value: '5', currency: 'EUR' }, donor: { name: 'Ada' }, message: 'hello' });
        assert.equal((await t.api('POST', `/api/donations/${created.body.id}/screen`, { decision: 'approve' })).status, 200);
      };
      await pledge('before');
      const late = await listen(t, STAFF_NAMESPACE, { token: viewer.token });
      await until('the snapshot', async () => late.events.length, (n) => n > 0);
      const snapshot = late.snapshot();
      assert.ok(snapshot.seq > 0, 'the viewers\' stream counted the changes sent while nobody listened');
      await pledge('after');
      await until('the approved donation reached the late viewer', async () => late.changes(), (changes) => changes.some((c) => c.change.type === 'public_donation'));
      late.changes().forEach((c, i) => assert.equal(c.seq, snapshot.seq + i + 1));
    } finally {
      await t.close();
    }
  });
});
