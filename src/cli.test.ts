import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mammoth from 'mammoth';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, cleanupTempDirs, tempDir } from '../test/helpers.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const cli = (args: string[], dataDir: string) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

afterAll(cleanupTempDirs);

describe('CLI', () => {
  it('ingests a folder with a summary, searches it, and reindexes', async () => {
    const data = tempDir();
    const ing = await cli(['ingest', CORPUS_DIR], data);
    expect(ing.code).toBe(0);
    expect(ing.stdout).toContain('✓ 大港街-2023.txt［新增］大港街 2023年');
    expect(ing.stdout).toContain('报告 5 份');
    expect(ing.stderr).toContain('5/5');

    const s = await cli(['search', '大港街公开了多少条行政处罚', '--k', '3'], data);
    expect(s.code).toBe(0);
    const lines = s.stdout.split('\n');
    expect(lines[0]).toMatch(/^1\. 大港街 2023年 · 主要举措和成效 · /);
    // why it matched, not a fused score: the question's words found, the office asked about, both rankings
    expect(lines[1]).toMatch(/^ {3}命中：.*行政处罚.*；单位「大港街」是问题所问；关键词第 1 · 语义第 \d+$/);
    expect(s.stdout).not.toMatch(/\d\.\d{4}/);
    expect(s.stdout).toContain('公开行政处罚55条');

    const again = await cli(['ingest', CORPUS_DIR], data);
    expect(again.stdout.match(/未变化/g)).toHaveLength(5);

    const re = await cli(['reindex'], data);
    expect(re.code).toBe(0);
    expect(re.stdout).toMatch(/重建索引：\d+ 个段落/);
  }, 180_000);

  it('ingests with --org/--level/--district/--year for every file, warns about a report with no office, and refuses bad flags', async () => {
    const data = tempDir();
    const unnamed = join(CORPUS_DIR, '未署名街道-2021.txt');
    const plain = await cli(['ingest', unnamed], data);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(
      '✓ 未署名街道-2021.txt［新增］未署名（未署名街道-2021） 2021年 · 街道 · 25 段',
    );
    expect(plain.stdout).toContain('⚠ 未识别单位，请在报告库中填写');
    const named = await cli(
      ['ingest', unnamed, '--org', '前进街道', '--level', '街道', '--district', '东丽区', '--year', '2021'],
      data,
    );
    expect(named.code).toBe(0);
    expect(named.stdout).toContain(
      '✓ 未署名街道-2021.txt［内容未变化，已更新单位信息］前进街道 2021年 · 街道 · 东丽区 · 25 段',
    );
    expect(named.stdout).not.toContain('⚠');
    const s = await cli(['search', '法治宣传', '--org', '前进街道', '--k', '1'], data);
    expect(s.stdout).toMatch(/^1\. 前进街道 2021年/);
    expect(s.stdout.split('\n')[1]).toContain('单位按 --org 筛选');
    const bad = [
      [['--year', '二〇二一'], '--year 无效：年度须为 1949–2100 之间的整数'],
      [['--level', '省'], '--level 无效：层级只能是'],
      [['--org'], '--org 缺少取值'],
      [['--org', '  '], '--org 缺少取值'],
      [['--author', '张三'], '不认识的参数「--author」'],
    ] as const;
    const runs = await Promise.all(bad.map(([args]) => cli(['ingest', unnamed, ...args], data)));
    runs.forEach((r, i) => {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(bad[i][1]);
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        expect.stringContaining('用法见 npm run ingest -- --help'),
      ]);
    });
  }, 180_000);

  it('reports a bad file by name, exits non-zero, and keeps the library usable', async () => {
    const data = tempDir();
    const bad = join(tempDir(), '空白.txt');
    writeFileSync(bad, '');
    const r = await cli(['ingest', bad], data);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ 空白.txt：文件「空白.txt」是空文件');
    const usage = await cli(['search'], data);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('请给出要检索的问题');
  }, 60_000);

  it('drafts a section to .docx and to stdout, and explains a bad argument', async () => {
    const data = tempDir();
    await cli(['ingest', CORPUS_DIR], data);
    const out = join(tempDir(), '草稿.docx');
    const r = await cli(
      ['draft', '--section', 'next_steps', '--org', '金桥街', '--year', '2025', '--out', out],
      data,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/已写入 .*草稿\.docx（草稿 [0-9a-f-]{36}，\d 点）/);
    expect(r.stderr).toContain('提请注意');
    const { value } = await mammoth.extractRawText({ path: out });
    expect(value).toContain('下步工作措施');
    expect(value).toMatch(/一是/);
    const md = await cli(
      ['draft', '--section', 'shortcomings', '--org', '西于庄街道', '--year', '2025', '--points', '2'],
      data,
    );
    expect(md.stdout).toMatch(/^# 三、存在的不足和原因/);
    expect(md.stdout).toContain('来源：');
    const bad = await cli(['draft', '--section', 'overview', '--org', '金桥街', '--year', '2025'], data);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('section 只能是');
    // the warnings are printed once: in the Markdown's 「提请注意」 list, not again on stderr
    const warning = /^- (.+)$/m.exec(md.stdout.slice(md.stdout.indexOf('提请注意：')))![1];
    expect(md.stdout.split(warning).length - 1).toBe(1);
    expect(md.stderr).not.toContain(warning);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('提请注意')).length).toBe(
      new Set(r.stderr.split('\n').filter((l) => l.startsWith('提请注意'))).size,
    );
    const year = await cli(['draft', '--section', 'shortcomings', '--org', '金桥街', '--year', 'abc'], data);
    expect([year.code, year.stderr]).toEqual([2, expect.stringContaining('年份须为数字')]);
    const missing = await cli(
      [
        'draft',
        '--section',
        'next_steps',
        '--org',
        '金桥街',
        '--year',
        '2025',
        '--shortcomings-file',
        join(data, 'nope.txt'),
      ],
      data,
    );
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('不存在')]);
  }, 180_000);

  // Every user mistake: one Chinese line on stderr, a non-zero exit, no stack trace, nothing drafted or ingested.
  it.each([
    [
      [
        'draft',
        '--section',
        'shortcomings',
        '--org',
        '金桥街',
        '--year',
        '2025',
        '--out',
        '/nonexistent/x.docx',
      ],
      2,
      '--out 无效：文件夹「/nonexistent」不存在',
    ],
    [
      ['draft', '--section', 'shortcomings', '--org', '金桥街', '--year', '2025', '--out', '草稿.pdf'],
      2,
      '--out 只支持 .docx 或 .md',
    ],
    [['draft', '--section', 'shortcomings', '--org', '金桥街'], 2, '--year：必须给出'],
    [
      ['draft', '--section', 'shortcomings', '--org', '金桥街', '--year', '2025', '--yaer', '2024'],
      2,
      '不认识的参数「--yaer」，是不是 --year？',
    ],
    [['ingest', '/tmp/nope-不存在'], 1, '错误：找不到「/tmp/nope-不存在」：没有这个文件或文件夹'],
    [['ingest', '--foo'], 2, '不认识的参数「--foo」'],
    [['ingest'], 2, '请给出要导入的文件或文件夹'],
    [['search', '行政处罚', '--yaer', '2024'], 2, '不认识的参数「--yaer」，是不是 --year？'],
    [['search', '行政处罚', '--year', 'abc'], 2, '--year 无效：年度须为 1949–2100 之间的整数'],
    [['search', '行政处罚', '--section', 'foo'], 2, '--section 无效：只能是 overview（概述）'],
    [['search', '行政处罚', '--k', '0'], 2, '--k 无效：结果数须为 1–100 之间的整数'],
    [['search', '行政处罚', '--org'], 2, '--org 缺少取值'],
    [['reindex', 'extra'], 2, 'reindex 不接受参数：extra'],
    [['serach', '行政处罚'], 2, '没有「serach」这个命令'],
  ])(
    'refuses %j with one line, exit %i: %s',
    async (args, code, message) => {
      const r = await cli([...args], tempDir());
      expect(r.code).toBe(code);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(message);
      expect(r.stderr).not.toMatch(/\n\s+at |Error:|ENOENT/);
      expect(r.stdout).toBe('');
    },
    60_000,
  );

  it('answers --help for every command on stdout with exit 0', async () => {
    const data = tempDir();
    const runs = await Promise.all(
      [['--help'], ['ingest', '--help'], ['search', '-h'], ['reindex', '--help'], ['draft', '--help']].map(
        (a) => cli(a, data),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    expect(runs[0].stdout).toContain('每个命令的用法：npm run <命令> -- --help');
    for (const [i, cmd] of ['ingest', 'search', 'reindex', 'draft'].entries())
      expect(runs[i + 1].stdout).toMatch(new RegExp(`^用法：npm run ${cmd}`));
    expect(runs[4].stdout).toContain('--shortcomings-file');
    expect(runs.map((r) => r.stderr)).toEqual(['', '', '', '', '']);
  }, 120_000);
});
