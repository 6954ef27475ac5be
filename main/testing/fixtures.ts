import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../core.js';

/** The platforms' documented payloads, in the team folder beside the project (shared/fixtures). */
export function donationFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(projectRoot(), '..', 'shared', 'fixtures', 'donations', name), 'utf8')) as T;
}
