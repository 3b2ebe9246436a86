// Traditional characters of office names back to simplified (「某某縣」→「某某县」), from the committed table
// src/text/traditional.json (npm run traditional:build). Used to see through an office name written in
// traditional characters: every report in the library is simplified, so such a name is a disguise.
import table from './traditional.json' with { type: 'json' };

const MAP = new Map<string, string>();
for (let i = 0; i + 1 < table.pairs.length; i += 2) MAP.set(table.pairs[i], table.pairs[i + 1]);

export function toSimplified(text: string): string {
  let out = '';
  for (const ch of text) out += MAP.get(ch) ?? ch;
  return out;
}
