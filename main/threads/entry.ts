import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread from its bundle beside the app's (`dist/main/<name>.cjs`, built by
 * scripts/build.mjs), or, when the code runs from its TypeScript sources (tests and benches
 * under tsx), from `source`: Node 20 does not pass `--import tsx` on to a worker's first module,
 * so tsx-worker.mjs registers tsx in the thread and then imports it.
 */
export function startWorker(name: string, source: URL | null, options: WorkerOptions): Worker {
  if (typeof __dirname === 'string') {
    const bundled = join(__dirname, `${name}.cjs`);
    if (!existsSync(bundled)) throw new Error(`the worker ${name}.cjs is missing beside the app (${bundled}): run npm run build`);
    return new Worker(bundled, options);
  }
  if (!source) throw new Error(`the worker ${name} has no source to start from`);
  return new Worker(new URL('./tsx-worker.mjs', import.meta.url), { ...options, argv: [fileURLToPath(source)] });
}
