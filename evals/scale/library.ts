// The scale library on disk: the seeds, every fixture report and the generated texts, ingested into a temp folder;
// and the check that each generated report was read as the office, district and year it was written for.
import { join } from 'node:path';
import { LocalEmbedder } from '../../src/index/local-embedder.ts';
import { ingestFiles, type IngestInput } from '../../src/library/ingest.ts';
import { type Library, openLibrary } from '../../src/library/library.ts';
import { fixtureLibraryInputs } from '../fixtures/fixtures.ts';
import type { ScaleLibrary } from './generate.ts';

export const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');

export interface BuiltLibrary {
  lib: Library;
  ingestMs: number;
  reports: number;
  failed: string[];
}

export async function buildScaleLibrary(generated: ScaleLibrary, dataDir: string): Promise<BuiltLibrary> {
  const t0 = performance.now();
  const lib = await openLibrary({ dataDir, embedder: new LocalEmbedder() });
  const inputs: IngestInput[] = [
    ...fixtureLibraryInputs(CORPUS),
    ...generated.reports.map((r) => ({ name: r.name, format: 'txt' as const, text: r.text })),
  ];
  const outcomes = await ingestFiles(lib, inputs);
  const failed = outcomes.flatMap((o) => (o.status === 'failed' ? [`${o.name}: ${o.error.message}`] : []));
  return { lib, ingestMs: performance.now() - t0, reports: inputs.length, failed };
}

/** Generated reports whose office, district or year was read otherwise than written (a stated district must be read). */
export async function metadataMismatches(lib: Library, generated: ScaleLibrary): Promise<string[]> {
  const byName = new Map((await lib.store.listReports()).map((r) => [r.sourceName, r]));
  const out: string[] = [];
  for (const g of generated.reports) {
    const m = byName.get(g.name)?.meta;
    if (!m) {
      out.push(`${g.name}: not in the library`);
      continue;
    }
    const problems: string[] = [];
    if (m.org !== g.office.name) problems.push(`org ${m.org} ≠ ${g.office.name}`);
    if (m.year !== g.year) problems.push(`year ${m.year} ≠ ${g.year}`);
    // Unstated, the district may still be known from the gazetteer (a name with one place), never another one.
    if (m.district !== g.office.district && (g.districtStated || m.district !== null))
      problems.push(`district ${m.district} ≠ ${g.office.district}${g.districtStated ? '' : '（未写明）'}`);
    if (problems.length)
      out.push(`${g.name}（${g.office.district}${g.office.name}）: ${problems.join('；')}`);
  }
  return out;
}
