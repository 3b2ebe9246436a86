// Prompts from prompts/*.md (Node), versioned by content hash.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Prompt, promptOf } from './prompt.ts';

export type { Prompt };

const PROMPTS_DIR = join(import.meta.dirname, '..', '..', 'prompts');

export function loadPrompt(name: string, dir = PROMPTS_DIR): Prompt {
  return promptOf(name, readFileSync(join(dir, `${name}.md`), 'utf8'));
}
