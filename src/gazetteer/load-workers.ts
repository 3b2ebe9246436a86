// The Workers gazetteer is empty: the bundle stays without places.json (800 KB). Office detection there falls back
// to the title's shape and the metadata cf:push sends.
import { emptyGazetteer, type Gazetteer } from './gazetteer.ts';

export function loadGazetteer(): Gazetteer {
  return emptyGazetteer;
}
