// The owner's own alert sounds, against a real core on 127.0.0.1: a file is taken for what its
// bytes are (never its name), kept once per content, chosen by a tier, served to the overlay's
// key only with the type read at upload, and never removed while a tier plays it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_SOUND_FILE_BYTES } from '../../shared/alert-tiers.js';
import { type TestCore, startTestCore } from '../testing/harness.js';
import { sniffAudio } from './sound-files.js';

const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');
/** The first bytes of each container, padded: what sniffAudio() reads. */
const head = (start: string | number[], at = 0) => {
  const bytes = Buffer.alloc(64);
  (typeof start === 'string' ? Buffer.from(start, 'latin1') : Buffer.from(start)).copy(bytes, at);
  return bytes;
};
const OGG = head('OggS\u0000\u0002');
const WAV = (() => {
  const bytes = head('RIFF');
  bytes.write('WAVE', 8, 'latin1');
  return bytes;
})();

let t: TestCore;
let moderatorToken: string;
let overlayKey: string;

before(async () => {
  t = await startTestCore();
  moderatorToken = (await t.api('POST', '/api/invites', { role: 'moderator', name: 'Mo' })).body.token;
  overlayKey = (await t.api('GET', '/api/overlay')).body.key as string;
});
after(async () => {
  await t.close();
});

describe('what an uploaded sound is', () => {
  it('is read from its bytes: the containers Chromium plays', () => {
    assert.equal(sniffAudio(OGG), 'audio/ogg');
    assert.equal(sniffAudio(WAV), 'audio/wav');
    assert.equal(sniffAudio(head('ID3\u0004')), 'audio/mpeg');
    assert.equal(sniffAudio(head([0xff, 0xfb, 0x90, 0x64])), 'audio/mpeg');
    assert.equal(sniffAudio(head('fLaC')), 'audio/flac');
    assert.equal(sniffAudio(head('ftypM4A ', 4)), 'audio/mp4');
    assert.equal(sniffAudio(head([0x1a, 0x45, 0xdf, 0xa3])), 'audio/webm');
  });

  it('is refused when it is anything else, whatever it is called', () => {
    for (const other of ['<html><script>alert(1)</script>', '<svg onload=alert(1)>', '%PDF-1.7', 'GIF89a......', 'RIFF....AVI LIST', 'short']) {
      assert.equal(sniffAudio(Buffer.from(other.padEnd(20, ' '))), null, other);
    }
    // An MPEG sync with the reserved version or no layer is not a frame.
    assert.equal(sniffAudio(head([0xff, 0xe8, 0x90, 0x64])), null);
    assert.equal(sniffAudio(head([0xff, 0xf9, 0x90, 0x64])), null);
  });
});

describe('the owner\'s own alert sounds', () => {
  it('are uploaded by the owner only, kept once per content, and audited', async () => {
    assert.equal((await t.api('POST', '/api/overlay/sounds', { name: 'Gong', data: b64(OGG) }, moderatorToken)).status, 403);
    const first = await t.api('POST', '/api/overlay/sounds', { name: 'Gong.ogg', data: b64(OGG) });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.sound.type, 'audio/ogg');
    assert.match(first.body.sound.id, /^[0-9a-f]{16}$/);
    const again = await t.api('POST', '/api/overlay/sounds', { name: 'Same bytes, other name', data: b64(OGG) });
    assert.equal(again.body.sound.id, first.body.sound.id);
    assert.equal((await t.api('GET', '/api/overlay/sounds')).body.sounds.length, 1);
    const audit = (await t.api('GET', '/api/audit')).body.entries as { action: string; subject_label: string }[];
    assert.equal(audit.filter((e) => e.action === 'sound_uploaded').length, 1);
  });

  it('refuses what is not sound, too big, or not base64, in words', async () => {
    const html = await t.api('POST', '/api/overlay/sounds', { name: 'airhorn.mp3', data: b64('<html><script>alert(1)</script></html>') });
    assert.equal(html.status, 422);
    assert.match(html.body.error.message, /not a sound file the overlay can play/);
    const big = await t.api('POST', '/api/overlay/sounds', { name: 'long.wav', data: b64(Buffer.concat([WAV, Buffer.alloc(MAX_SOUND_FILE_BYTES)])) });
    assert.equal(big.status, 422);
    assert.match(big.body.error.message, /KB/);
    const garbled = await t.api('POST', '/api/overlay/sounds', { name: 'x', data: 'not base64!' });
    assert.equal(garbled.status, 422);
    assert.match(garbled.body.error.message, /base64/);
    assert.equal((await t.api('POST', '/api/overlay/sounds', { name: ' ', data: b64(OGG) })).status, 422);
  });

  it('are served to the overlay key only, with the type read at upload', async () => {
    const [sound] = (await t.api('GET', '/api/overlay/sounds')).body.sounds as { id: string }[];
    const served = await fetch(`${t.core.url}/overlay-sound/${sound!.id}?key=${encodeURIComponent(overlayKey)}`);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'audio/ogg');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), OGG);
    assert.equal((await fetch(`${t.core.url}/overlay-sound/${sound!.id}`)).status, 403);
    assert.equal((await fetch(`${t.core.url}/overlay-sound/${sound!.id}?key=wrong`)).status, 403);
    assert.equal((await fetch(`${t.core.url}/overlay-sound/0000000000000000?key=${encodeURIComponent(overlayKey)}`)).status, 404);
    assert.equal((await fetch(`${t.core.url}/overlay-sound/..%2f..%2fetc?key=${encodeURIComponent(overlayKey)}`)).status, 404);
  });

  it('are chosen by a tier, which must name a kept one; a sound in use cannot be removed', async () => {
    const [sound] = (await t.api('GET', '/api/overlay/sounds')).body.sounds as { id: string }[];
    const tiers = [{ from: '0', duration_s: 5, look: 'standard', sound: `file:${sound!.id}`, volume: 80 }];
    const unknown = await t.api('PUT', '/api/overlay/alerts', { tiers: [{ ...tiers[0], sound: 'file:ffffffffffffffff' }] });
    assert.equal(unknown.status, 422);
    assert.match(unknown.body.error.message, /no uploaded sound has the id ffffffffffffffff/);
    assert.equal((await t.api('PUT', '/api/overlay/alerts', { tiers: [{ ...tiers[0], sound: 'file:../x' }] })).status, 422);
    assert.equal((await t.api('PUT', '/api/overlay/alerts', { tiers })).status, 200);
    assert.deepEqual((await t.api('GET', '/api/overlay/sounds')).body.sounds[0].used_by, [1]);
    const inUse = await t.api('DELETE', `/api/overlay/sounds/${sound!.id}`);
    assert.equal(inUse.status, 409);
    assert.match(inUse.body.error.message, /tier 1 plays this sound/);
    // Once no tier plays it, it goes, audited.
    assert.equal((await t.api('PUT', '/api/overlay/alerts', { tiers: [{ ...tiers[0], sound: 'chime' }] })).status, 200);
    assert.equal((await t.api('DELETE', `/api/overlay/sounds/${sound!.id}`, undefined, moderatorToken)).status, 403);
    assert.equal((await t.api('DELETE', `/api/overlay/sounds/${sound!.id}`)).status, 200);
    assert.deepEqual((await t.api('GET', '/api/overlay/sounds')).body.sounds, []);
    assert.equal((await t.api('DELETE', `/api/overlay/sounds/${sound!.id}`)).status, 404);
    const audit = (await t.api('GET', '/api/audit')).body.entries as { action: string }[];
    assert.ok(audit.some((e) => e.action === 'sound_removed'));
  });
});
