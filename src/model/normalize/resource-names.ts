/**
 * The engine-side name of each network, volume, secret and config: the
 * `name:` written in the file, else the key itself for an external resource
 * (it already exists under that name), else `<project>_<key>`.
 */
import { isDict, type Dict } from '../tree.js';

const namedSections = ['networks', 'volumes', 'configs', 'secrets'] as const;

export function nameResources(model: Dict, projectName: string): Dict {
  const next: Dict = { ...model };
  for (const section of namedSections) {
    const resources = model[section];
    if (!isDict(resources)) continue;
    next[section] = Object.fromEntries(
      Object.entries(resources).map(([key, written]) => {
        const resource: Dict = isDict(written) ? written : {};
        if (resource['name'] !== undefined && resource['name'] !== null) return [key, resource];
        const name = isTrue(resource['external']) ? key : `${projectName}_${key}`;
        return [key, { ...resource, name }];
      }),
    );
  }
  return next;
}

// Go's strconv.ParseBool over the value's text, as compose-go reads `external`.
function isTrue(value: unknown): boolean {
  return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(String(value));
}
