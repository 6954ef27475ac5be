import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { platformOfSourceKind, platformOfUrl } from './platforms.js';

describe('where a call or an answer came from', () => {
  it('names the platform of a source kind, the demo as the Twitch chat it simulates', () => {
    assert.deepEqual(['twitch', 'x', 'youtube', 'demo', 'webhook', null].map(platformOfSourceKind), ['twitch', 'x', 'youtube', 'twitch', 'other', 'other']);
  });

  it('names the platform of a link a moderator brings', () => {
    assert.equal(platformOfUrl('https://x.com/RTErdogan/status/1'), 'x');
    assert.equal(platformOfUrl('https://mobile.twitter.com/a/status/2'), 'x');
    assert.equal(platformOfUrl('https://www.twitch.tv/videos/3'), 'twitch');
    assert.equal(platformOfUrl('https://youtu.be/abc'), 'youtube');
    assert.equal(platformOfUrl('https://notx.com/a'), 'other');
    assert.equal(platformOfUrl('https://news.example/statement'), 'other');
    assert.equal(platformOfUrl(null), null);
  });
});
