import { afterEach, describe, expect, it } from 'vitest';
import { lyingZipBomb, manyPagesPdf, textPdf, tinyRunsDocx } from '../../test/hostile-files.ts';
import { IsolatedParser } from './isolated-parser.ts';

const parsers: IsolatedParser[] = [];
const parser = (...args: ConstructorParameters<typeof IsolatedParser>) => {
  const p = new IsolatedParser(...args);
  parsers.push(p);
  return p;
};
afterEach(() => {
  for (const p of parsers.splice(0)) p.close();
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

describe('IsolatedParser', () => {
  it('reads in a child process, files in turn, a view into a larger buffer as just its bytes', async () => {
    const p = parser();
    const big = Buffer.from('前缀正文。后缀');
    const [a, b] = await Promise.all([
      p.parse('txt', 'a.txt', big.subarray(6, 15)),
      p.parse('pdf', 'b.pdf', textPdf('second file')),
    ]);
    expect(a).toEqual({ format: 'txt', text: '正文。', encoding: 'utf-8' });
    expect(b.text).toBe('second file');
    expect(p.pid).toBeGreaterThan(0);
    expect(p.pid).not.toBe(process.pid);
  });

  it('stops a parse at the deadline, 422 naming it, and kills the process', async () => {
    const p = parser({ limits: { timeoutMs: 3000, pdfPages: 1_000_000 } });
    await p.parse('txt', 'warm.txt', Buffer.from('x')); // started: the deadline then measures the parse alone
    const pid = p.pid!;
    // The message says the deadline stopped it (no wall-clock bound here: a loaded CI machine is slow).
    await expect(p.parse('pdf', '慢.pdf', manyPagesPdf(200_000))).rejects.toMatchObject({
      code: 'unprocessable',
      message: expect.stringContaining('解析超时（3 秒）'),
    });
    expect(await gone(pid)).toBe(true);
    expect((await p.parse('pdf', 'next.pdf', textPdf('still reads'))).text).toBe('still reads');
  }, 60_000);

  it('a heap past its limit is a 413 naming the limit, and the server process lives on', async () => {
    const p = parser({ limits: { heapMb: 64, rssMb: 8192, xmlRuns: 1e9, xmlElements: 1e9 } });
    await expect(p.parse('docx', '大.docx', await tinyRunsDocx(20))).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringContaining('解析所需内存超过 64 MB 的上限'),
    });
  }, 60_000);

  it('memory outside the heap (buffers) is watched through the process RSS', async () => {
    const p = parser({ limits: { rssMb: 300, zipInflatedBytes: 4e9 } });
    await expect(p.parse('docx', '炸弹.docx', await lyingZipBomb(1200))).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringContaining('解析所需内存超过 300 MB 的上限'),
    });
  }, 60_000);

  it('an idle process exits, and the next file starts another', async () => {
    const p = parser({ idleMs: 100 });
    await p.parse('txt', 'a.txt', Buffer.from('一'));
    const pid = p.pid!;
    expect(await gone(pid)).toBe(true);
    expect(p.pid).toBeUndefined();
    expect((await p.parse('txt', 'b.txt', Buffer.from('二'))).text).toBe('二');
  }, 60_000);
});
