// The packaging configuration, checked without Electron's binary (which cannot be downloaded
// here): electron-builder's own loader and schema read electron-builder.yml, its own file
// matcher says which files go into the app and which come out of the asar, and `npm run dist`
// stops in one sentence when Electron cannot be had.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { ROOT } from './support/server-process.js';

const require = createRequire(import.meta.url);
// electron-builder's own modules: the same code `npm run dist` runs.
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js');
const { DebugLogger } = require('builder-util');

type Config = Record<string, any>;
let config: Config;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Does electron-builder's matcher for `patterns` take this file (a path relative to the project)? */
function matches(patterns: string[], file: string): boolean {
  const matcher = new FileMatcher(ROOT, ROOT, (pattern: string) => pattern, patterns);
  const filter = matcher.createFilter();
  const absolute = join(ROOT, file);
  return filter(absolute, existsSync(absolute) ? statSync(absolute) : ({ isDirectory: () => false } as never));
}

before(async () => {
  config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
});

describe('the packaging configuration', () => {
  it('is valid for electron-builder\'s own schema, and a mistake in it would not be', async () => {
    await validateConfiguration(config, new DebugLogger(false));
    await assert.rejects(validateConfiguration({ ...config, asarUnpak: [] }, new DebugLogger(false)), /unknown property 'asarUnpak'/);
  });

  it('names the app, and uses electron-builder as a development dependency of this repository', () => {
    assert.equal(config.appId, 'org.telethondesk.app');
    assert.equal(config.productName, 'Telethon Desk');
    assert.ok(pkg.devDependencies['electron-builder'], 'electron-builder is a devDependency');
    assert.ok(!pkg.dependencies['electron-builder']);
    assert.equal(pkg.scripts.dist, 'node scripts/dist.mjs');
  });

  it('packs the built app and its entry point, never the source maps or the sources', () => {
    const files = (config.files as { filter: string[] }[]).flatMap((set) => set.filter);
    assert.equal(pkg.main, 'dist/main/electron-main.cjs');
    for (const file of [pkg.main, 'dist/main/serve.cjs', 'dist/renderer/index.html', 'dist/renderer/overlay.html', 'dist/renderer/assets/dashboard.js', 'package.json']) {
      assert.ok(matches(files, file), `${file} is packed`);
    }
    for (const file of ['dist/renderer/assets/dashboard.js.map', 'main/core.ts', 'tests/packaging.test.ts', 'native/electron-45/better_sqlite3.node', '.git/config']) {
      assert.ok(!matches(files, file), `${file} is not packed`);
    }
    // The built entry point exists where package.json says (the build ran before the tests).
    assert.ok(existsSync(join(ROOT, pkg.main)), `${pkg.main} is built`);
  });

  it('rebuilds better-sqlite3 for the packaged Electron with its own step, and unpacks it from the asar', () => {
    assert.equal(config.npmRebuild, true, 'electron-builder rebuilds native modules for Electron\'s ABI');
    assert.equal(config.asar, true);
    const binding = relative(ROOT, require.resolve('better-sqlite3/build/Release/better_sqlite3.node'));
    assert.ok(matches(config.asarUnpack, binding), `${binding} is unpacked: a native module cannot load from inside app.asar`);
    assert.ok(!matches(config.asarUnpack, 'node_modules/better-sqlite3/lib/database.js'), 'only the binary leaves the asar');
    assert.ok(pkg.dependencies['better-sqlite3'], 'a production dependency, so electron-builder packs it');
  });

  it('has an icon electron-builder can make every platform\'s icons from (a PNG of at least 512x512)', () => {
    assert.equal(config.icon, 'build/icon.png');
    const png = readFileSync(join(ROOT, config.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.ok(width >= 512 && width === height, `${width}x${height}`);
    assert.ok(existsSync(join(ROOT, 'build', 'icon.svg')), 'drawn from an SVG kept beside it');
  });

  it('builds the installers people use, and nothing that updates itself', () => {
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
    assert.deepEqual(config.win.target, ['nsis']);
    assert.deepEqual(config.mac.target, ['dmg']);
    assert.equal(config.publish, null, 'no publish target: no app-update.yml, no auto-update during a campaign');
    assert.ok(!pkg.dependencies['electron-updater'], 'no updater in the app');
    assert.equal(config.nsis.oneClick, false);
  });

  it('keeps signing secrets out of the file: they come from the environment', () => {
    const text = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    for (const secret of ['cscLink', 'cscKeyPassword', 'certificatePassword', 'appleIdPassword']) assert.doesNotMatch(text, new RegExp(`^\\s*${secret}\\s*:`, 'm'));
    for (const variable of ['CSC_LINK', 'APPLE_ID', 'APPLE_TEAM_ID', 'WIN_CSC_LINK']) assert.match(text, new RegExp(variable), `${variable} is documented`);
  });
});

describe('npm run dist without Electron\'s binaries', () => {
  it('stops at once with one sentence that says why, and packages nothing', () => {
    const started = Date.now();
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'dist.mjs')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
      // A mirror that refuses at once and an empty cache: what a machine without network has.
      env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: join(ROOT, 'test-results', 'no-electron-cache') },
    });
    assert.equal(result.status, 1);
    const said = result.stderr.trim();
    assert.equal(said.split('\n').length, 1, said);
    assert.match(said, /^npm run dist: Electron \d+\.\d+\.\d+'s binaries cannot be downloaded here .* so nothing was packaged/);
    assert.ok(Date.now() - started < 20_000, 'within seconds, not a download\'s timeouts');
    assert.ok(!existsSync(join(ROOT, 'release')), 'no half-made release folder');
  });
});
