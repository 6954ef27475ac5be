import assert from 'node:assert/strict';

/** Waits (bounded: `tries` × `stepMs`) for a state the API shows; fails with the last value seen. */
export async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, tries = 300, stepMs = 20): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i += 1) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  assert.fail(`${what}: still ${JSON.stringify(last)}`);
}
