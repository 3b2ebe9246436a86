import { describe, expect, it } from 'vitest';
import { UsageError, intFlag, parseArgs, suggest } from './cli-args.ts';

const spec = { org: 'value', year: 'value', k: 'value', verbose: 'switch' } as const;

describe('parseArgs', () => {
  it('reads values, --flag=value, switches, help, and positionals after --', () => {
    expect(
      parseArgs(['大港街', '--year', '2023', '--org=金桥街', '--verbose', '--', '--不是参数'], spec),
    ).toEqual({
      flags: { year: '2023', org: '金桥街' },
      switches: new Set(['verbose']),
      positionals: ['大港街', '--不是参数'],
      help: false,
    });
    expect(parseArgs(['-h'], spec).help).toBe(true);
    expect(parseArgs(['--help'], spec).help).toBe(true);
  });

  it.each([
    [['行政处罚', '--yaer', '2024'], '不认识的参数「--yaer」，是不是 --year？'],
    [['--foo'], '不认识的参数「--foo」'],
    [['-x'], '不认识的参数「-x」'],
    [['--org'], '--org 缺少取值'],
    [['--org', '--year', '2023'], '--org 缺少取值'],
    [['--org', ' '], '--org 缺少取值'],
    [['--org', 'a', '--org', 'b'], '--org 给了两次'],
    [['--verbose=1'], '--verbose 不带取值'],
  ])('refuses %j: %s', (args, message) => {
    expect(() => parseArgs(args, spec)).toThrow(new UsageError(message));
  });

  it('suggests only near flags', () => {
    expect(suggest('yaer', ['org', 'year', 'k'])).toBe('year');
    expect(suggest('section', ['org', 'year'])).toBeNull();
  });

  it('checks integer flags against their bounds', () => {
    expect(intFlag({ k: '5' }, 'k', 1, 100, '结果数')).toBe(5);
    expect(intFlag({}, 'k', 1, 100, '结果数')).toBeUndefined();
    for (const bad of ['0', '101', 'abc', '2.5', '-3'])
      expect(() => intFlag({ k: bad }, 'k', 1, 100, '结果数')).toThrow(
        /^--k 无效：结果数须为 1–100 之间的整数/,
      );
  });
});
