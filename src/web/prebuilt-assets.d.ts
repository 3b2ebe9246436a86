// Types of src/web/prebuilt-assets.js, which `npm run cf:assets` generates for the Worker bundle.
import type { Asset } from './asset.ts';

export declare const ASSETS: Record<string, Asset>;
