import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FALLBACK_CSP, isAllowedNavigation, isSafeExternalUrl, withFallbackCsp } from './window-policy.js';

const CORE = 'http://127.0.0.1:4848';

describe('isAllowedNavigation', () => {
  it('allows the core itself, with any path, query or fragment', () => {
    for (const url of [`${CORE}/`, `${CORE}/#token=abc`, `${CORE}/overlay/total?key=k`, `${CORE}/dashboard?x=1#y`]) {
      assert.equal(isAllowedNavigation(url, CORE), true, url);
    }
  });

  it('allows a demo core on another 127.0.0.1 port', () => {
    assert.equal(isAllowedNavigation('http://127.0.0.1:41234/#token=demo', CORE), true);
  });

  it('refuses everything while the core origin is not known yet', () => {
    for (const url of ['file:///etc/passwd', 'data:text/html,hi', 'https://example.com/']) {
      assert.equal(isAllowedNavigation(url, 'null'), false, url);
      assert.equal(isAllowedNavigation(url, ''), false, url);
    }
  });

  it('refuses other sites, other schemes and look-alike hosts', () => {
    for (const url of [
      'https://example.com/',
      'http://example.com/',
      'https://127.0.0.1:4848/',
      'http://localhost:4848/',
      'http://127.0.0.1.evil.example/',
      'http://127.0.0.1:4848@evil.example/',
      'http://user:pass@127.0.0.1:4848/',
      'http://192.168.1.10:4848/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ws://127.0.0.1:4848/',
      'chrome://settings',
      'not a url',
      '',
    ]) {
      assert.equal(isAllowedNavigation(url, CORE), false, url);
    }
  });
});

describe('isSafeExternalUrl', () => {
  it('lets web links open in the OS browser', () => {
    for (const url of ['https://www.tiltify.com/', 'http://example.org/page?q=1', 'https://twitch.tv/somechannel']) {
      assert.equal(isSafeExternalUrl(url), true, url);
    }
  });

  it('refuses everything that is not an http(s) page', () => {
    for (const url of [
      'file:///C:/Windows/System32/calc.exe',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,hi',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'vbscript:msgbox',
      'mailto:someone@example.org',
      'https://user:secret@example.org/',
      'garbage',
      '',
    ]) {
      assert.equal(isSafeExternalUrl(url), false, url);
    }
  });
});

describe('withFallbackCsp', () => {
  it("keeps the server's own policy untouched, whatever the header's case", () => {
    assert.equal(withFallbackCsp({ 'content-security-policy': ["default-src 'none'"] }), null);
    assert.equal(withFallbackCsp({ 'Content-Security-Policy': "default-src 'none'" }), null);
  });

  it('adds the fallback policy when the response has none', () => {
    const headers = withFallbackCsp({ 'content-type': ['application/json'] });
    assert.deepEqual(headers, { 'content-type': ['application/json'], 'Content-Security-Policy': [FALLBACK_CSP] });
    assert.deepEqual(withFallbackCsp(undefined), { 'Content-Security-Policy': [FALLBACK_CSP] });
  });

  it('does not count a report-only or empty policy as a policy', () => {
    assert.notEqual(withFallbackCsp({ 'content-security-policy-report-only': ["default-src 'none'"] }), null);
    assert.notEqual(withFallbackCsp({ 'content-security-policy': [] }), null);
  });

  it('only ever allows our own scripts', () => {
    assert.match(FALLBACK_CSP, /script-src 'self'(;|$)/);
    assert.doesNotMatch(FALLBACK_CSP, /unsafe-eval|script-src[^;]*unsafe-inline|\*/);
  });
});

describe('preload arguments', () => {
  it('carry the version to the sandboxed preload and back', async () => {
    const { preloadArguments, versionFromArguments } = await import('./preload-args.js');
    const argv = ['/opt/Telethon Desk/chrome', '--type=renderer', ...preloadArguments({ version: '1.2.3' })];
    assert.equal(versionFromArguments(argv), '1.2.3');
    assert.equal(versionFromArguments(['--type=renderer']), 'unknown');
  });
});
