// Writes src/text/traditional.json (committed) from the opencc-js dev dependency: npm run traditional:build.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTraditional, formatTraditional } from '../src/text/build-traditional.ts';

const pairs = buildTraditional();
const out = join(import.meta.dirname, '..', 'src', 'text', 'traditional.json');
writeFileSync(out, formatTraditional(pairs));
console.log(`已写入 ${out}（${pairs.length / 2} 个繁体字）`);
