// Command-line flags: each command names its flags; anything else starting with - is refused (with the
// nearest known flag suggested), so a mistyped `--yaer 2024` never becomes part of a search query.
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Flag name (without --) → whether it takes a value. */
export type FlagSpec = Record<string, 'value' | 'switch'>;

export interface ParsedArgs {
  flags: Record<string, string>;
  switches: Set<string>;
  positionals: string[];
  help: boolean;
}

/** Edit distance, for 「是不是 --year？」 after `--yaer`. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

export function suggest(name: string, known: string[]): string | null {
  if (name.length < 3) return null;
  const best = known.map((k) => ({ k, d: distance(name, k) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(1, Math.floor(best.k.length / 3)) ? best.k : null;
}

/**
 * `--flag value`, `--flag=value`, switches, `-h`/`--help`, and `--` before positionals that start with a dash.
 * Throws UsageError in Chinese for an unknown flag, a missing or empty value, or a flag given twice.
 */
export function parseArgs(args: string[], spec: FlagSpec): ParsedArgs {
  const out: ParsedArgs = { flags: {}, switches: new Set(), positionals: [], help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.positionals.push(...args.slice(i + 1));
      break;
    }
    if (a === '-h' || a === '--help') {
      out.help = true;
      continue;
    }
    if (!/^-./.test(a) || /^-\d/.test(a)) {
      out.positionals.push(a);
      continue;
    }
    const [, name, inline] = /^--?([^=]*)(?:=(.*))?$/s.exec(a)!;
    const kind = spec[name];
    if (!kind) {
      const near = suggest(name, Object.keys(spec));
      throw new UsageError(`不认识的参数「${a.replace(/=.*$/s, '')}」${near ? `，是不是 --${near}？` : ''}`);
    }
    if (kind === 'switch') {
      if (inline !== undefined) throw new UsageError(`--${name} 不带取值`);
      out.switches.add(name);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && /^--./.test(value)) || !value.trim())
      throw new UsageError(`--${name} 缺少取值`);
    if (name in out.flags) throw new UsageError(`--${name} 给了两次`);
    out.flags[name] = value;
  }
  return out;
}

/** An integer flag within bounds, or a UsageError naming the flag. */
export function intFlag(
  flags: Record<string, string>,
  name: string,
  min: number,
  max: number,
  what: string,
): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const n = Number(raw.trim());
  if (!/^\s*\d+\s*$/.test(raw) || n < min || n > max)
    throw new UsageError(`--${name} 无效：${what}须为 ${min}–${max} 之间的整数（收到「${raw}」）`);
  return n;
}
