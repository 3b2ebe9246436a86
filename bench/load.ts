// npm run load — mixed traffic against the real server on 127.0.0.1 (a separate process): questions (JSON and
// streamed), drafts, document reads, an upload or delete every few seconds. Bounded in time; stops by itself.
// Writes the figures into RELIABILITY.md with the command that made them.
//   npm run load -- [--clients=50] [--seconds=60] [--soak=300] [--size=0] [--llm-stub=<ms>]
// --llm-stub=<ms> runs the server in LLM mode against a stand-in OpenAI-compatible endpoint (bench/llm-stub.ts)
// that answers after <ms>: it loads our LLM path (prompting, streaming, verification), not a real model.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticReports } from './synthetic-corpus.ts';
import { loadCases } from '../evals/retrieval/eval-retrieval.ts';
import { startLlmStub } from './llm-stub.ts';

const arg = (name: string, dflt: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const CLIENTS = arg('clients', 50);
const SECONDS = arg('seconds', 60);
const SOAK = arg('soak', 300);
const SIZE = arg('size', 0);
const LLM_STUB = arg('llm-stub', -1);
const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'RELIABILITY.md');

const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN;
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function startServer(dataDir: string, port: number, llmUrl?: string): Promise<ChildProcess> {
  const llm = llmUrl
    ? { LLM_MODEL: 'stub', LLM_BASE_URL: llmUrl, LLM_API_KEY: 'stub-key', LLM_FALLBACK: 'none' }
    : { LLM_MODEL: '' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '0',
      AUTH_TOKENS: '',
      EMBED_MODEL: '',
      ...llm,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 600_000;
  while (!out.includes('已启动')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return child;
}

interface Stat {
  times: number[];
  errors: number;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'load-'));
  if (SIZE > 0) {
    // A generated library beside the seed reports, ingested with the CLI before the server starts.
    const src = mkdtempSync(join(tmpdir(), 'load-src-'));
    for (const r of syntheticReports(SIZE)) writeFileSync(join(src, r.name), r.text);
    await new Promise<void>((resolve, reject) => {
      const c = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli.ts', 'ingest', join(ROOT, 'corpus'), src],
        { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, stdio: 'ignore' },
      );
      c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ingest exited ${code}`))));
    });
    rmSync(src, { recursive: true, force: true });
  }
  const port = 30000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  const stub = LLM_STUB >= 0 ? await startLlmStub(LLM_STUB) : null;
  const server = await startServer(dataDir, port, stub?.url);
  const questions = loadCases().map((c) => c.question);
  const docs = (
    (await (await fetch(`${base}/api/documents`)).json()) as { documents: { id: string }[] }
  ).documents.map((d) => d.id);
  const known = new Set(docs);
  const stats = new Map<string, Stat>();
  const record = (route: string, ms: number, ok: boolean) => {
    const s = stats.get(route) ?? { times: [], errors: 0 };
    s.times.push(ms);
    if (!ok) s.errors++;
    stats.set(route, s);
  };
  const problems: string[] = [];
  let wrongCitations = 0;
  let unverified = 0;
  const uploaded: { id: string; figure: string; org: string }[] = [];
  const deleted = new Set<string>();

  async function timed(route: string, run: () => Promise<boolean>) {
    const t = performance.now();
    let ok = false;
    try {
      ok = await run();
    } catch (e) {
      problems.push(`${route}: ${(e as Error).message}`);
    }
    record(route, performance.now() - t, ok);
  }

  const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  // Checked at the end against every report that ever was in the library (an upload may be cited before
  // its own response reaches this client).
  const cited = new Set<string>();
  const checkCitations = (citations: { documentId: string }[]) => {
    for (const c of citations) cited.add(c.documentId);
  };

  async function one(rand: number) {
    const q = questions[Math.floor(Math.random() * questions.length)];
    if (rand < 0.45)
      return timed('POST /api/ask', async () => {
        const res = await json('/api/ask', { question: q });
        const body = (await res.json()) as {
          citations?: { documentId: string }[];
          verification?: { ok: boolean };
        };
        if (res.ok) checkCitations(body.citations ?? []);
        if (res.ok && body.verification && !body.verification.ok) unverified++;
        return res.ok;
      });
    if (rand < 0.6)
      return timed('POST /api/ask (SSE)', async () => {
        const res = await json('/api/ask', { question: q }, { accept: 'text/event-stream' });
        const text = await res.text();
        return res.ok && text.includes('event: done') && !text.includes('event: error');
      });
    if (rand < 0.7)
      return timed('POST /api/draft', async () => {
        const res = await json('/api/draft', {
          section: Math.random() < 0.5 ? 'shortcomings' : 'next_steps',
          org: ['金桥街', '大港街', '西于庄街道', '城西街道'][Math.floor(Math.random() * 4)],
          year: 2025,
        });
        await res.arrayBuffer();
        return res.ok;
      });
    if (rand < 0.85)
      return timed('GET /documents/:id', async () => {
        const res = await fetch(`${base}/documents/${docs[Math.floor(Math.random() * docs.length)]}`);
        await res.arrayBuffer();
        return res.ok;
      });
    return timed('GET /api/documents', async () => {
      const res = await fetch(`${base}/api/documents`);
      await res.arrayBuffer();
      return res.ok;
    });
  }

  let serial = 0;
  async function uploader(until: number) {
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 3000));
      if (serial % 3 === 2 && uploaded.length > 1) {
        const victim = uploaded.find((u) => !deleted.has(u.id));
        if (victim)
          await timed('DELETE /api/documents/:id', async () => {
            const res = await fetch(`${base}/api/documents/${victim.id}`, { method: 'DELETE' });
            await res.arrayBuffer();
            if (res.ok) deleted.add(victim.id);
            return res.ok;
          });
      }
      const n = serial++;
      const digit = (k: number) => '甲乙丙丁戊己庚辛壬癸'[k % 10];
      const org = `压${digit(Math.floor(n / 100))}${digit(Math.floor(n / 10))}${digit(n)}街道`;
      const figure = `${1000 + n}场`;
      const text = `${org}2031年度法治政府建设情况报告\n一、主要举措和成效\n全年开展“法律明白人”培训${figure}，覆盖全体网格员。\n二、存在的不足\n一是普法形式较为单一。`;
      await timed('POST /api/documents', async () => {
        const form = new FormData();
        form.append('file', new Blob([text]), `${org}-2031.txt`);
        const res = await fetch(`${base}/api/documents`, { method: 'POST', body: form });
        const body = (await res.json()) as { results?: { status: string; reportId?: string }[] };
        const id = body.results?.[0]?.reportId;
        if (res.status === 201 && id) {
          known.add(id);
          uploaded.push({ id, figure, org });
        }
        return res.status === 201;
      });
    }
  }

  async function phase(seconds: number, clients: number) {
    const until = Date.now() + seconds * 1000;
    let requests = 0;
    const client = async () => {
      while (Date.now() < until) {
        await one(Math.random());
        requests++;
      }
    };
    const t0 = performance.now();
    await Promise.all([...Array.from({ length: clients }, client), uploader(until)]);
    return { requests, seconds: (performance.now() - t0) / 1000 };
  }

  // warm up, then the measured run
  await phase(5, 4);
  stats.clear();
  const rssBefore = rssMb(server.pid!);
  const run = await phase(SECONDS, CLIENTS);
  const rssAfterRun = rssMb(server.pid!);
  const runStats = new Map([...stats].map(([k, v]) => [k, { times: [...v.times], errors: v.errors }]));
  stats.clear();
  let soak: { rssStart: number; rssEnd: number; requests: number } | null = null;
  if (SOAK > 0) {
    const rssStart = rssMb(server.pid!);
    const s = await phase(SOAK, Math.min(CLIENTS, 10));
    soak = { rssStart, rssEnd: rssMb(server.pid!), requests: s.requests };
  }
  // Every accepted upload that was not deleted answers its own figure, citing itself.
  let unsearchable = 0;
  for (const u of uploaded.filter((x) => !deleted.has(x.id))) {
    const res = await json('/api/ask', { question: `${u.org}2031年开展了多少场法律明白人培训？` });
    const body = (await res.json()) as { answer: string; citations: { documentId: string }[] };
    if (!body.answer.includes(u.figure) || !body.citations.some((c) => c.documentId === u.id)) unsearchable++;
  }
  for (const id of cited) if (!known.has(id)) wrongCitations++;
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  const stubCalls = stub?.calls() ?? 0;
  await stub?.close();
  rmSync(dataDir, { recursive: true, force: true });

  const totalErrors = [...runStats.values()].reduce((n, s) => n + s.errors, 0);
  const lines: string[] = [];
  const corpus =
    (SIZE > 0 ? `seed + ${SIZE} generated paragraphs` : 'seed corpus (5 reports, 96 paragraphs)') +
    (stub ? `, LLM mode (stand-in endpoint, ${LLM_STUB} ms per reply)` : '');
  lines.push(`### ${corpus}`, '');
  lines.push(
    `Command: \`npm run load -- --clients=${CLIENTS} --seconds=${SECONDS} --soak=${SOAK} --size=${SIZE}${stub ? ` --llm-stub=${LLM_STUB}` : ''}\` · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · server and load generator on the same 2-core machine`,
    '',
  );
  lines.push(
    `${run.requests} requests in ${run.seconds.toFixed(1)} s from ${CLIENTS} clients: **${(run.requests / run.seconds).toFixed(0)} req/s**, **${totalErrors} errors**.`,
    '',
  );
  lines.push('| route | requests | p50 | p99 | errors |', '|---|---|---|---|---|');
  for (const [route, s] of [...runStats].sort((a, b) => b[1].times.length - a[1].times.length))
    lines.push(
      `| ${route} | ${s.times.length} | ${pct(s.times, 50).toFixed(1)} ms | ${pct(s.times, 99).toFixed(1)} ms | ${s.errors} |`,
    );
  lines.push('');
  lines.push(
    `- Uploads accepted ${uploaded.length}, deleted ${deleted.size}; accepted and kept but not answerable afterwards: **${unsearchable}**; citations pointing outside the library: **${wrongCitations}**.`,
  );
  lines.push(
    `- Server RSS: ${rssBefore.toFixed(0)} MB before the run, ${rssAfterRun.toFixed(0)} MB after it.`,
  );
  if (stub)
    lines.push(
      `- LLM mode: ${stubCalls} calls reached the stand-in endpoint; JSON answers whose verification failed: **${unverified}** (every answer still goes through the citation and figure checks). The stand-in answers from its first source after ${LLM_STUB} ms, so this measures the server's LLM path (prompting, streaming through, verifying, tracing), not a real model; throughput is bound by the stand-in's latency (clients ÷ delay).`,
    );
  if (soak)
    lines.push(
      `- Soak: ${soak.requests} more requests over ${SOAK} s from ${Math.min(CLIENTS, 10)} clients; RSS ${soak.rssStart.toFixed(0)} → ${soak.rssEnd.toFixed(0)} MB (**${(((soak.rssEnd - soak.rssStart) / soak.rssStart) * 100).toFixed(1)} %**, target < 10 %).`,
    );
  if (problems.length) lines.push(`- Client-side failures: ${[...new Set(problems)].slice(0, 5).join('；')}`);
  lines.push('');
  const section = lines.join('\n');
  console.log(section);
  let doc = '';
  try {
    doc = readFileSync(OUT, 'utf8');
  } catch {
    doc =
      '# Reliability\n\nFigures written by `npm run load` and by the fault tests. Machines are noisy: read medians and ratios.\n\n## Load\n\n';
  }
  const start = doc.indexOf(`### ${corpus}`);
  if (start >= 0) {
    const end = doc.indexOf('\n### ', start + 4);
    const endOfLoad = doc.indexOf('\n## ', start + 4);
    const stop = [end, endOfLoad].filter((x) => x >= 0).sort((a, b) => a - b)[0] ?? doc.length;
    doc = `${doc.slice(0, start)}${section}\n${doc.slice(stop + 1)}`;
  } else {
    const loadEnd = doc.indexOf('\n## ', doc.indexOf('## Load') + 4);
    doc =
      loadEnd >= 0
        ? `${doc.slice(0, loadEnd).trimEnd()}\n\n${section}\n${doc.slice(loadEnd + 1)}`
        : `${doc.trimEnd()}\n\n${section}`;
  }
  writeFileSync(OUT, doc);
  process.exitCode = totalErrors || unsearchable || wrongCitations ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
