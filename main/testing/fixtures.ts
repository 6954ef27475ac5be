import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../core.js';

/**
 * The platforms' documented payloads. Copied from the team folder (../shared/fixtures) into
 * tests/fixtures, so a clean clone on any machine runs its tests with them.
 */
export function fixtureText(...parts: string[]): string {
  return readFileSync(join(projectRoot(), 'tests', 'fixtures', ...parts), 'utf8');
}

export function donationFixture<T = unknown>(name: string): T {
  return JSON.parse(fixtureText('donations', name)) as T;
}
