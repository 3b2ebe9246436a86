// D1TraceStore against a real local D1 (migrations applied by wrangler, 0004 included): the feedback and paging contracts.
import { afterAll, beforeAll } from 'vitest';
import { localD1 } from '../../test/worker/local-d1.ts';
import { traceStoreFeedbackContract } from '../traces/trace-store.contract.ts';
import { traceStorePagingContract } from '../traces/trace-paging.contract.ts';
import { D1TraceStore } from './d1-trace-store.ts';

let d1: Awaited<ReturnType<typeof localD1>>;
beforeAll(async () => {
  d1 = await localD1();
}, 180_000);
afterAll(async () => d1?.dispose());

traceStoreFeedbackContract('D1TraceStore (local D1)', async () => {
  await d1.db.prepare('DELETE FROM traces').run();
  return new D1TraceStore(d1.db);
});

traceStorePagingContract(
  'D1TraceStore (local D1)',
  async () => {
    await d1.db.prepare('DELETE FROM traces').run();
    return new D1TraceStore(d1.db);
  },
  450,
  300_000,
);
