// npm run faults — scripted checks that need a real small disk: DATA_DIR on a 24 MB tmpfs filled by uploads,
// then remounted read-only. Needs root (mount). Writes what happened into RELIABILITY.md.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticReports } from './synthetic-corpus.ts';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'RELIABILITY.md');
const SIZE_MB = 24;

const children: ChildProcess[] = [];

async function start(dataDir: string, port: number): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_TOKENS: '',
      RATE_LIMIT_PER_MINUTE: '0',
      LLM_MODEL: '',
      EMBED_MODEL: '',
    },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 60_000;
  while (!out.includes('已启动')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, out: () => out };
}

async function stop(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function main() {
  const mnt = mkdtempSync(join(tmpdir(), 'fz-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE_MB}m`, 'tmpfs', mnt]);
  } catch (e) {
    console.error(`无法挂载 tmpfs（需要 root 和 CAP_SYS_ADMIN）：${(e as Error).message}`);
    process.exit(2);
  }
  const lines: string[] = [];
  const port = 40000 + Math.floor(Math.random() * 10000);
  const base = `http://127.0.0.1:${port}`;
  const ask = async (q: string) => {
    const res = await fetch(`${base}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: q }),
    });
    return {
      status: res.status,
      body: (await res.json()) as { answer?: string; error?: { code: string; message: string } },
    };
  };
  const upload = async (name: string, text: string) => {
    const form = new FormData();
    form.append('file', new Blob([text]), name);
    const res = await fetch(`${base}/api/documents`, { method: 'POST', body: form });
    return {
      status: res.status,
      body: (await res.json()) as { answer?: string; error?: { code: string; message: string } },
    };
  };
  try {
    lines.push('### Disk full and read-only DATA_DIR (scripted: `npm run faults`)', '');
    lines.push(
      `Command: \`npm run faults\` (as root) · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · DATA_DIR on a ${SIZE_MB} MB tmpfs`,
      '',
    );
    const said = (r: {
      status: number;
      body: { answer?: string; error?: { code: string; message: string } };
    }) => `${r.status} ${r.body.answer ?? `\`${r.body.error?.code}\` 「${r.body.error?.message}」`}`;
    let server = await start(mnt, port);
    lines.push(
      `- Before: 5 seed reports; 「大港街2023年公开了多少条行政处罚？」 → ${said(await ask('大港街2023年公开了多少条行政处罚？'))}`,
    );
    // Fill the disk with generated reports until an upload is refused.
    let accepted = 0;
    let refusal: { status: number; body: { error?: { code: string; message: string } } } | null = null;
    for (const r of syntheticReports(200_000, 100, 5150)) {
      const res = await upload(r.name, r.text);
      if (res.status === 201) accepted++;
      else {
        refusal = res;
        break;
      }
    }
    lines.push(
      `- Filling the disk: ${accepted} generated reports (100 paragraphs each) accepted, then an upload answered **${refusal?.status}** \`${refusal?.body.error?.code}\`: 「${refusal?.body.error?.message}」`,
    );
    const reportsWhenFull = (
      (await (await fetch(`${base}/api/documents`)).json()) as { documents: unknown[] }
    ).documents.length;
    lines.push(
      `- While full: ${reportsWhenFull} reports listed; the seed question → ${said(await ask('大港街2023年公开了多少条行政处罚？'))}`,
    );
    await stop(server.child);
    const shutdownLog = server
      .out()
      .split('\n')
      .filter((l) => /写盘失败|已关闭/.test(l))
      .join(' / ');
    lines.push(`- SIGTERM while full: ${shutdownLog || '—'}`);
    // Restart on the full disk: everything accepted is still there and answers.
    server = await start(mnt, port);
    const reportsAfterRestart = (
      (await (await fetch(`${base}/api/documents`)).json()) as { documents: unknown[] }
    ).documents.length;
    const startLog = server
      .out()
      .split('\n')
      .filter((l) => /未能写盘|已启动/.test(l))
      .join(' / ');
    lines.push(
      `- Restart on the full disk: ${startLog}; ${reportsAfterRestart} reports (${reportsAfterRestart === reportsWhenFull ? 'nothing lost' : 'MISMATCH'}); the seed question → ${said(await ask('大港街2023年公开了多少条行政处罚？'))}`,
    );
    await stop(server.child);
    // Read-only: the file system cannot be remounted read-only under open database files, so the server is
    // stopped, the disk remounted read-only, and the server started on it.
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    try {
      server = await start(mnt, port);
      const roUpload = await upload(
        '只读测试街道-2031.txt',
        '只读测试街道2031年度法治政府建设情况报告\n一、主要举措和成效\n开展普法活动3场。',
      );
      const roList = ((await (await fetch(`${base}/api/documents`)).json()) as { documents: unknown[] })
        .documents.length;
      lines.push(
        `- Read-only DATA_DIR: the server starts; upload → **${roUpload.status}** \`${roUpload.body.error?.code}\` 「${roUpload.body.error?.message}」; ${roList} reports listed; the seed question → ${said(await ask('大港街2023年公开了多少条行政处罚？'))}`,
      );
      await stop(server.child);
    } catch (e) {
      const why =
        (e as Error).message.split('\n').find((l) => l.includes('启动失败')) ??
        (e as Error).message.slice(0, 200);
      lines.push(
        `- Read-only DATA_DIR: the server refuses to start with 「${why.trim()}」 (exit 1); nothing on the disk is touched`,
      );
    }
    lines.push('');
  } catch (e) {
    lines.push(`- The check stopped: ${(e as Error).message}`, '');
    console.error(e);
    process.exitCode = 1;
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    try {
      execFileSync('umount', ['-l', mnt]);
      rmSync(mnt, { recursive: true, force: true });
    } catch {
      /* left for the system to clean */
    }
  }
  const section = lines.join('\n');
  console.log(section);
  let doc = readFileSync(OUT, 'utf8');
  const at = doc.indexOf('### Disk full and read-only DATA_DIR');
  if (at >= 0) {
    const next = doc.indexOf('\n## ', at);
    doc = doc.slice(0, at) + section + (next >= 0 ? doc.slice(next) : '');
  } else {
    const hostile = doc.indexOf('## Hostile');
    doc =
      hostile >= 0
        ? `${doc.slice(0, hostile)}${section}\n${doc.slice(hostile)}`
        : `${doc.trimEnd()}\n\n${section}`;
  }
  writeFileSync(OUT, doc);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
