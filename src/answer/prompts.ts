// Prompts from prompts/*.md, versioned by content hash (the hash goes into every trace).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Prompt {
  name: string;
  text: string;
  hash: string;
}

const PROMPTS_DIR = join(import.meta.dirname, '..', '..', 'prompts');

export function loadPrompt(name: string, dir = PROMPTS_DIR): Prompt {
  const text = readFileSync(join(dir, `${name}.md`), 'utf8');
  return { name, text, hash: `${name}@${createHash('sha256').update(text).digest('hex').slice(0, 12)}` };
}
