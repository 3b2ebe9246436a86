// Starts the parse process on the entry given as its argument. From TypeScript sources (tsx, vitest) it first
// registers ts-hooks.mjs, which compiles this project's .ts files and leaves node_modules to Node: under tsx,
// pdf.js (3 MB) was re-transformed on every start (~5 s here).
import { register } from 'node:module';

const entry = process.argv[2];
if (entry.endsWith('.ts')) register('./ts-hooks.mjs', import.meta.url);
await import(entry);
