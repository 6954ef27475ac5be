// Starts maintenance-worker.ts from the sources (tests and benches run through tsx): Node 20
// does not pass `--import tsx` on to a worker's first module, so tsx is registered here.
import { register } from 'tsx/esm/api';

register();
await import('./maintenance-worker.ts');
