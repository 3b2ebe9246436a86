// The Node gazetteer: places.json (committed, built by npm run gazetteer:build), read and indexed once, on first use.
import { readFileSync } from 'node:fs';
import { createGazetteer, type Gazetteer } from './gazetteer.ts';
import { placesDataSchema } from './places-data.ts';

let gazetteer: Gazetteer | undefined;

export function loadGazetteer(): Gazetteer {
  gazetteer ??= createGazetteer(
    placesDataSchema.parse(JSON.parse(readFileSync(new URL('./places.json', import.meta.url), 'utf8'))),
  );
  return gazetteer;
}
