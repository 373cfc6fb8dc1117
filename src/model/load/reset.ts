/**
 * `!reset` and `!override`: a tagged attribute drops what earlier files set
 * for it, so the later file's value (none, for `!reset`) stands alone.
 */
import { isDict, type Dict, type ModelPath } from '../tree.js';

/** Returns `tree` without the value at `path` (a copy along the path; nothing is mutated). */
export function withoutPath(tree: Dict, path: ModelPath): Dict {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(tree, String(head))) return tree;
  const key = String(head);
  const copy: Dict = { ...tree };
  if (rest.length === 0) {
    delete copy[key];
    return copy;
  }
  const child = tree[key];
  if (isDict(child)) copy[key] = withoutPath(child, rest);
  else if (Array.isArray(child) && typeof rest[0] === 'number') {
    const index = rest[0];
    if (rest.length === 1) copy[key] = child.filter((_, position) => position !== index);
    else {
      const item = child[index];
      if (isDict(item)) copy[key] = child.map((value, position) => (position === index ? withoutPath(item, rest.slice(1)) : value));
    }
  }
  return copy;
}

export function withoutPaths(tree: Dict, paths: readonly ModelPath[]): Dict {
  // Deepest first so that removing an item never shifts the index of another pending path.
  const ordered = [...paths].sort((a, b) => b.length - a.length || compareIndexes(b, a));
  return ordered.reduce(withoutPath, tree);
}

function compareIndexes(a: ModelPath, b: ModelPath): number {
  const last = (path: ModelPath): number => {
    const step = path[path.length - 1];
    return typeof step === 'number' ? step : 0;
  };
  return last(a) - last(b);
}
