// The app as the Node server runs it: page scripts bundled in-process, eval cases written as files.
import { fileEvalCaseSink } from '../traces/file-eval-case-sink.ts';
import { loadAssets } from '../web/assets.ts';
import { type AppDeps, createApp } from './app.ts';

export type NodeAppDeps = Omit<AppDeps, 'assets' | 'evalCases'> & {
  /** Where 「加入评测集」 writes case files (evals/answers/cases by default). */
  evalCasesDir?: string;
};

export function createNodeApp({ evalCasesDir, ...deps }: NodeAppDeps) {
  return createApp({ ...deps, assets: loadAssets, evalCases: fileEvalCaseSink(evalCasesDir) });
}
