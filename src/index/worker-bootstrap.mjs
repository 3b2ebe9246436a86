// Loads a worker entry; when running from TypeScript sources (tsx, vitest) it registers tsx first.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
