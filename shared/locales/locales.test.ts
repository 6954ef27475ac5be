import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CAMPAIGN_LOCALES, LOCALES, fill, isCampaignLocale, overlayWords, templateMarks, templateParts } from './index.js';
import { en } from './en.js';

describe('the words on stream, one file per language', () => {
  it('has every key of English in every language, none empty, none extra', () => {
    const keys = Object.keys(en).sort();
    for (const code of CAMPAIGN_LOCALES) {
      const words = LOCALES[code] as Record<string, string>;
      assert.deepEqual(Object.keys(words).sort(), keys, `${code} has the same keys as en`);
      for (const key of keys) assert.ok((words[key] ?? '').trim().length > 0, `${code}.${key} is not empty`);
    }
  });

  it('keeps the same marks in every language, so no value is lost or invented in translation', () => {
    for (const code of CAMPAIGN_LOCALES) {
      const words = LOCALES[code] as Record<string, string>;
      for (const [key, template] of Object.entries(en)) {
        assert.deepEqual(templateMarks(words[key] ?? ''), templateMarks(template), `${code}.${key}`);
      }
    }
  });

  it('names every language in itself and knows each code to Intl', () => {
    for (const code of CAMPAIGN_LOCALES) {
      assert.equal(Intl.NumberFormat.supportedLocalesOf([code]).length, 1, `${code} is a locale Intl formats`);
    }
    assert.equal(LOCALES.fr.language, 'Français');
    assert.equal(LOCALES.fr.postItNow, 'Postez maintenant');
  });

  it('falls back to English for a code it does not know, and refuses it as a campaign locale', () => {
    assert.equal(overlayWords('xx'), LOCALES.en);
    assert.equal(overlayWords(undefined), LOCALES.en);
    assert.equal(isCampaignLocale('fr'), true);
    assert.equal(isCampaignLocale('toString'), false, 'an inherited name is not a language');
    assert.equal(isCampaignLocale('__proto__'), false);
  });

  it('fills marks as text, leaves an unknown mark visible, and cuts templates around marks', () => {
    assert.equal(fill(en.donated, { donor: 'Ada' }), 'Ada donated');
    assert.equal(fill(LOCALES.fr.donated, { donor: '<b>x</b>' }), '<b>x</b> a fait un don', 'text stays text (React escapes it)');
    assert.equal(fill('{a} and {b}', { a: '{b}' }), '{b} and {b}', 'a value is not filled again');
    assert.equal(fill('{missing}', {}), '{missing}');
    assert.deepEqual(templateParts(en.callingOn), ['Calling on ', { mark: 'name' }, '']);
    assert.deepEqual(templateParts(LOCALES.fr.donated), ['', { mark: 'donor' }, ' a fait un don']);
  });
});
