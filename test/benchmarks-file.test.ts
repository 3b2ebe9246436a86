import { describe, expect, it } from 'vitest';
import { replaceBlock } from '../bench/benchmarks-file.ts';

describe('replaceBlock (BENCHMARKS.md is shared by several benches)', () => {
  const doc = (inner: string) =>
    [
      '# Benchmarks',
      '',
      '<!-- bench:start (written by the bench; edit outside these markers) -->',
      inner,
      '<!-- bench:end -->',
      '',
      '## Hand-kept note',
      'kept',
      '',
      '## Cloudflare Workers',
      'cf',
    ].join('\n');

  it('replaces only its own block and keeps the sections around it', () => {
    const out = replaceBlock(doc('old figures'), 'bench', '## Ingest\nnew figures');
    expect(out).toContain('new figures');
    expect(out).not.toContain('old figures');
    expect(out).toContain('## Hand-kept note\nkept');
    expect(out).toContain('## Cloudflare Workers\ncf');
    expect(out.startsWith('# Benchmarks\n')).toBe(true);
    expect(replaceBlock(out, 'bench', '## Ingest\nnew figures')).toBe(out); // idempotent
  });

  it('puts a new block after the named one, leaving other blocks alone', () => {
    const out = replaceBlock(doc('figures'), 'bench:1m', '## 1M\nbig', 'bench');
    expect(out.indexOf('bench:1m:start')).toBeGreaterThan(out.indexOf('<!-- bench:end -->'));
    expect(out.indexOf('bench:1m:end')).toBeLessThan(out.indexOf('## Hand-kept note'));
    expect(out).toContain('figures');
    const again = replaceBlock(out, 'bench', 'other');
    expect(again).toContain('## 1M\nbig');
  });

  it('without markers, the block goes under the title and nothing is lost', () => {
    const out = replaceBlock('# Benchmarks\n\n## Cloudflare Workers\ncf\n', 'bench', 'figures');
    expect(out).toMatch(/^# Benchmarks\n\n<!-- bench:start[^\n]*-->\nfigures\n<!-- bench:end -->\n/);
    expect(out).toContain('## Cloudflare Workers\ncf');
    expect(replaceBlock('', 'bench', 'x')).toContain('x');
  });
});
