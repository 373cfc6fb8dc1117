/**
 * Docker Compose keeps one item per key in some sequences (ports by
 * `host_ip:published:target/protocol`, volumes by target, environment
 * entries by name, …): the last occurrence's value, at the first
 * occurrence's position. `mergeModels` already does this for what it merges;
 * this pass does it for a model read from a single file, as the loader
 * needs after every file.
 */
import type { Dict } from '../tree.js';
import { contextOf, uniqueAt } from './copy-tree.js';
import type { MergeOptions } from './copy-tree.js';

/** `model` with every unique sequence de-duplicated (see `mergeRules`); unchanged parts are shared. */
export function enforceUnicity(model: Dict, options: MergeOptions = {}): Dict {
  return uniqueAt(model, [], contextOf(options)) as Dict;
}
