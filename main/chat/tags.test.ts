import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalTag, extractTags } from './tags.js';

const TAG = 'erdoganhelprohingya';

describe('hashtags and mentions', () => {
  it('counts case, width and trailing punctuation variants as one tag', () => {
    for (const text of [
      '#ErdoganHelpRohingya',
      '#erdoganhelprohingya!',
      'please #ERDOGANHELPROHINGYA.',
      '＃ＥｒｄｏｇａｎＨｅｌｐＲｏｈｉｎｇｙａ…',
      '(#ErdoganHelpRohingya)',
      '#ErdoganHelpRohingya\u200F',
    ]) {
      assert.deepEqual(extractTags(text).hashtags, [TAG], text);
    }
  });

  it('does not let invisible characters or mixed scripts make a look-alike of a real tag', () => {
    assert.deepEqual(extractTags('#Erdogan\u200BHelpRohingya').hashtags, []);
    assert.deepEqual(extractTags('#Erdogan\u202EHelpRohingya').hashtags, []);
    assert.deepEqual(extractTags('#Erd\u043EganHelpRohingya').hashtags, []); // Cyrillic о
    assert.deepEqual(extractTags('#\u200BErdoganHelpRohingya').hashtags, []);
  });

  it('reads any script, and keeps the joiners Persian words need', () => {
    assert.deepEqual(extractTags('#روهينغا و #Рохинджа و #ロヒンギャ').hashtags, ['روهينغا', 'рохинджа', 'ロヒンギャ']);
    assert.deepEqual(extractTags('#می\u200Cخواهم').hashtags, ['می\u200Cخواهم']);
  });

  it('is not fooled by digits, glued words or walls', () => {
    assert.deepEqual(extractTags('#1 C# abc#def ## #_').hashtags, []);
    assert.deepEqual(extractTags(`#${'a'.repeat(101)}`).hashtags, []);
    assert.deepEqual(extractTags('😀'.repeat(500)), { hashtags: [], mentions: [] });
  });

  it('finds mentions as Twitch logins, once per message', () => {
    assert.deepEqual(extractTags('@Alca hi @alca, mail a@b.c and ＠TETYYS').mentions, ['alca', 'tetyys']);
  });

  it('never throws and only returns canonical, visible, bounded tags (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const { hashtags, mentions } = extractTags(text);
        for (const tag of hashtags) {
          assert.equal(canonicalTag(tag), tag);
          assert.ok(tag.length > 0 && tag.length <= 100);
          assert.ok(/\p{L}/u.test(tag));
          assert.ok(!/[\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/u.test(tag));
        }
        assert.equal(new Set(hashtags).size, hashtags.length);
        for (const m of mentions) assert.match(m, /^[a-z0-9_]{1,25}$/);
      }),
      { numRuns: 2_000 },
    );
  });

  it('maps every case and width variant of a tag to the same tag (property)', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,30}$/);
    fc.assert(
      fc.property(word, fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }), fc.constantFrom('', '!', '.', '?', ',', '…', ')'), (w, upper, tail) => {
        const variant = [...w].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
        assert.deepEqual(extractTags(`go #${variant}${tail} now`).hashtags, [w]);
      }),
    );
  });
});
