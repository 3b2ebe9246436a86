// How the server's thread fares while the hostile documents of issue 12 are read: time to refuse, the longest
// event-loop stall (no request, /healthz included, can be answered during one), and RSS before, at peak and
// 3 s after. Each file is read in a fresh process that is given up on after --limit-s seconds.
//   npx tsx bench/hostile-files.ts [--src <dir>] [--limit-s 150]
// --src reads with another checkout's src/ (the "before" figures in RELIABILITY.md: `git archive` of the commit
// before the parse process, with this node_modules linked in).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  deflateBombPdf,
  lyingZipBomb,
  manyPagesPdf,
  selfReferencingPdf,
  tinyRunsDocx,
} from '../test/hostile-files.ts';

const ATTACKS: Record<string, [string, () => Promise<Buffer> | Buffer]> = {
  'tiny runs (50 MB XML)': ['碎片.docx', () => tinyRunsDocx(50)],
  'lying zip (1.2 GB)': ['炸弹.docx', () => lyingZipBomb(1200)],
  '200,000 pages': ['二十万页.pdf', () => manyPagesPdf(200_000)],
  'deflate bomb stream (1 GB)': ['数据流.pdf', () => deflateBombPdf(1024)],
  'self-referencing page tree': ['自引用.pdf', () => selfReferencingPdf()],
};

const { values } = parseArgs({
  options: {
    src: { type: 'string', default: join(import.meta.dirname, '..', 'src') },
    'limit-s': { type: 'string', default: '150' },
    only: { type: 'string' },
    one: { type: 'string' },
  },
});
const MB = (n: number) => Math.round(n / 1024 / 1024);

if (values.one) {
  const [name, make] = ATTACKS[values.one];
  const bytes = await make();
  const { readDocument } = await import(resolve(values.src!, 'ingest', 'read-document.ts'));
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  let stall = 0;
  let last = performance.now();
  let reported = last;
  const tick = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last - 10);
    last = now;
    peak = Math.max(peak, process.memoryUsage.rss());
    // Progress for the parent, which can tell a stall from silence if this process never finishes.
    if (now - reported > 1000) (console.log(JSON.stringify({ stall, rss: MB(peak) })), (reported = now));
  }, 10);
  const t0 = performance.now();
  const outcome = await readDocument(name, bytes).then(
    (d: { text: string }) => `read (${d.text.length} chars)`,
    (e: { code?: string; message: string }) => `${e.code ?? 'crash'}: ${e.message}`,
  );
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 3000));
  clearInterval(tick);
  console.log(
    JSON.stringify({
      outcome,
      ms,
      stall,
      rssBefore: MB(rssBefore),
      rssPeak: MB(peak),
      rssAfter: MB(process.memoryUsage.rss()),
      file: bytes.length,
    }),
  );
  process.exit(0);
}

console.log(`src: ${values.src}\n`);
console.log('| file | size | outcome | time to answer | longest stall | RSS before → peak → 3 s after |');
console.log('|---|---|---|---|---|---|');
for (const label of Object.keys(ATTACKS).filter((l) => !values.only || l.includes(values.only))) {
  const t0 = performance.now();
  const seen = { at: 0, stall: 0, rss: 0 };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--one', label, '--src', values.src!],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
    for (const l of String(d)
      .split('\n')
      .filter((x) => x.startsWith('{"stall"')))
      Object.assign(seen, JSON.parse(l), { at: performance.now() });
  });
  child.stderr.on('data', (d) => (err = (err + d).slice(-3000)));
  const limit = setTimeout(() => child.kill('SIGKILL'), Number(values['limit-s']) * 1000);
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  clearTimeout(limit);
  const s = ((performance.now() - t0) / 1000).toFixed(0);
  const line = out.split('\n').find((l) => l.startsWith('{"outcome"'));
  if (line) {
    const r = JSON.parse(line);
    console.log(
      `| ${label} | ${(r.file / 1024).toFixed(0)} KB | ${r.outcome} | ${(r.ms / 1000).toFixed(1)} s | ${r.stall.toFixed(0)} ms | ${r.rssBefore} → ${r.rssPeak} → ${r.rssAfter} MB |`,
    );
  } else if (code === null) {
    // Silent since `seen.at`: its event loop has not turned since then (or since the file was made, if never).
    const stall = Math.max(seen.stall, performance.now() - (seen.at || t0)) / 1000;
    console.log(
      `| ${label} | | still reading after ${values['limit-s']} s, killed | > ${values['limit-s']} s | ≥ ${stall.toFixed(0)} s | peak ≥ ${seen.rss} MB |`,
    );
  } else {
    const why = /heap out of memory|heap limit/i.test(err)
      ? 'process died: JavaScript heap out of memory'
      : `process exited ${code}: ${err.split('\n').filter(Boolean).slice(-1)[0] ?? ''}`;
    console.log(`| ${label} | | ${why} | ${s} s | whole time | |`);
  }
}
