// Static assets, all served by the app (users sit on closed networks: no CDN): the stylesheet, and the page
// scripts bundled from src/web/client with esbuild once per process, in memory.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, buildSync } from 'esbuild';

import type { Asset } from './asset.ts';

export type { Asset };

const CLIENT_DIR = join(import.meta.dirname, 'client');
const PUBLIC_DIR = join(import.meta.dirname, '..', '..', 'public');
export const PAGE_SCRIPTS = ['chat', 'draft', 'documents', 'document', 'audit', 'widget'] as const;

let cache: Map<string, Asset> | null = null;

/** Bundled page scripts and stylesheets, built once per process (the server) or once per deploy (Workers). */
export function loadAssets(): Map<string, Asset> {
  cache ??= buildAssets();
  return cache;
}

export function buildAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const common: BuildOptions & { write: false } = {
    bundle: true,
    write: false,
    minify: true,
    outdir: '/assets',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
    target: ['chrome100', 'safari15', 'firefox100'],
  };
  // Page scripts are modules; the widget is a classic script, so it can find its own <script> tag.
  const pages = buildSync({
    ...common,
    format: 'esm',
    entryPoints: PAGE_SCRIPTS.filter((n) => n !== 'widget').map((n) => join(CLIENT_DIR, `${n}.ts`)),
  });
  const widget = buildSync({ ...common, format: 'iife', entryPoints: [join(CLIENT_DIR, 'widget.ts')] });
  for (const f of [...pages.outputFiles, ...widget.outputFiles]) {
    const name = f.path.split('/').pop()!;
    assets.set(name, { body: f.text, type: 'text/javascript; charset=utf-8' });
  }
  for (const name of readdirSync(PUBLIC_DIR)) {
    if (name.endsWith('.css'))
      assets.set(name, {
        body: readFileSync(join(PUBLIC_DIR, name), 'utf8'),
        type: 'text/css; charset=utf-8',
      });
  }
  return assets;
}
