// A prompt is its text and a content hash (the hash goes into every trace). Node reads prompts/*.md from
// disk (prompts.ts); the Worker gets the same files bundled as text.
import { createHash } from 'node:crypto';

export interface Prompt {
  name: string;
  text: string;
  hash: string;
}

export function promptOf(name: string, text: string): Prompt {
  return { name, text, hash: `${name}@${createHash('sha256').update(text).digest('hex').slice(0, 12)}` };
}
