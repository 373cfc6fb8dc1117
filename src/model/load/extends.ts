/**
 * `extends`: a service starts from another service (in the same file or in
 * another one) and merges its own attributes over it, by the same rules as
 * several files. A base from another file has its relative paths resolved
 * against that file's directory. Networks, volumes and other resources the
 * base refers to are not imported.
 */
import { posix } from 'node:path';
import { BerthError } from '../../errors.js';
import { mergeServices } from '../merge/index.js';
import { resolveRelativePaths } from '../normalize/index.js';
import { isDict, type Dict } from '../tree.js';
import type { FileScope, LoadContext } from './context.js';
import { prepareFile, readComposeText } from './load-file.js';

interface ExtendsRef {
  readonly service: string;
  readonly file?: string;
}

export async function applyExtends(model: Dict, file: string, scope: FileScope, context: LoadContext): Promise<Dict> {
  const services = model['services'];
  if (!isDict(services)) return model;
  const resolver = new ExtendsResolver(context, scope);
  const resolved: Dict = {};
  let changed = false;
  for (const [name, service] of Object.entries(services)) {
    const result = isDict(service) && service['extends'] !== undefined ? await resolver.resolve(file, services, name, []) : service;
    changed ||= result !== service;
    resolved[name] = result;
  }
  if (!changed) return model;
  context.index.inherit(resolved, [services]);
  const result = { ...model, services: resolved };
  context.index.inherit(result, [model]);
  return result;
}

class ExtendsResolver {
  constructor(
    private readonly context: LoadContext,
    private readonly scope: FileScope,
  ) {}

  /** `chain` lists the services being resolved, as "file:service", to find cycles. */
  async resolve(file: string, services: Dict, name: string, chain: readonly string[]): Promise<Dict> {
    const service = services[name];
    const link = `${file}:${name}`;
    if (!isDict(service)) {
      const at = chain.at(-1) ?? link;
      throw new BerthError('invalid_project', `cannot extend service "${name}" (from ${at}): no such service in ${file}; check extends.service`, {
        location: this.context.index.locate(services, []),
      });
    }
    const ref = service['extends'] as ExtendsRef | undefined;
    if (ref === undefined) return service;
    if (chain.includes(link)) {
      throw new BerthError('cycle', `extends cycle: ${[...chain, link].join(' -> ')}; remove one of these extends`, {
        location: this.context.index.locate(service, ['extends']),
      });
    }
    const { extends: _resolved, ...own } = service;
    this.context.index.inherit(own, [service]);
    let base: Dict;
    if (ref.file === undefined) {
      if (!Object.hasOwn(services, ref.service)) {
        throw new BerthError('invalid_project', `service "${name}" extends "${ref.service}", which is not defined in ${file}; check extends.service or add extends.file`, {
          location: this.context.index.locate(service, ['extends']),
        });
      }
      base = await this.resolve(file, services, ref.service, [...chain, link]);
    } else {
      const baseFile = posix.resolve(file === 'stdin' ? this.scope.baseDir : posix.dirname(file), ref.file);
      const text = await readComposeText(baseFile, this.context).catch((error: unknown) => {
        throw new BerthError('file_not_found', `service "${name}" extends a service in ${baseFile}, which cannot be read; check extends.file`, {
          location: this.context.index.locate(service, ['extends']),
          cause: error,
        });
      });
      const baseScope: FileScope = { ...this.scope, baseDir: posix.dirname(baseFile) };
      const documents = await prepareFile(baseFile, text, baseScope, this.context);
      const baseServices = documents.map((document) => document.value['services']).find((candidate) => isDict(candidate) && Object.hasOwn(candidate, ref.service));
      if (!isDict(baseServices)) {
        throw new BerthError('invalid_project', `service "${name}" extends "${ref.service}", which is not defined in ${baseFile}; check extends.service`, {
          location: this.context.index.locate(service, ['extends']),
        });
      }
      const extended = await this.resolve(baseFile, baseServices, ref.service, [...chain, link]);
      // Relative paths in the base belong to its own file's directory.
      const rebased = resolveRelativePaths({ services: { [ref.service]: extended } }, { workingDir: posix.dirname(baseFile), homeDir: this.context.host.homeDir });
      base = (rebased['services'] as Dict)[ref.service] as Dict;
    }
    const merged = mergeServices(base, own, { onContainerCreated: (created, sources) => this.context.index.inherit(created, sources) });
    return merged;
  }
}
