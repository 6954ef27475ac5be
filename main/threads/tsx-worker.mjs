// Starts a worker thread's TypeScript source (tests and benches run through tsx): Node 20 does
// not pass `--import tsx` on to a worker's first module, so tsx is registered here first.
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import(pathToFileURL(process.argv[2]).href);
