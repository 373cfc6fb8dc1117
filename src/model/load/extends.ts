/**
 * `extends`: a service starts from another service (in the same file or in
 * another one) and merges its own attributes over it, by the same rules as
 * several files. A base from another file has its relative paths resolved
 * against that file's directory, and only the services actually extended are
 * validated, as Compose does. Networks, volumes and other resources the base
 * refers to are not imported. The extending file's `!reset`/`!override`
 * apply to what the base brings.
 */
import { posix } from 'node:path';
import { BerthError } from '../../errors.js';
import { mergeServices } from '../merge/index.js';
import { applyDefaults, resolveRelativePaths } from '../normalize/index.js';
import { isDict, type Dict, type ModelPath } from '../tree.js';
import type { FileScope, LoadContext } from './context.js';
import { prepareValue, readComposeText, readFile, type ReadDocument } from './load-file.js';
import { refuseRemote } from './remote.js';
import { withoutPaths } from './reset.js';

interface ExtendsRef {
  readonly service: string;
  readonly file?: string;
}

/** The services of one file as extends sees them: prepared (canonical) on demand. */
interface ServiceSource {
  readonly file: string;
  /** Directory that relative `extends.file` values start from. */
  readonly baseDir: string;
  readonly replaced: readonly ModelPath[];
  has(name: string): boolean;
  get(name: string): Dict;
}

export async function applyExtends(model: Dict, document: ReadDocument, scope: FileScope, context: LoadContext): Promise<Dict> {
  const services = model['services'];
  if (!isDict(services) || !Object.values(services).some((service) => isDict(service) && service['extends'] !== undefined)) return model;
  const source: ServiceSource = {
    file: document.file,
    baseDir: scope.baseDir,
    replaced: [...document.resets, ...document.overrides],
    has: (name) => Object.hasOwn(services, name),
    get: (name) => (isDict(services[name]) ? services[name] : {}),
  };
  const resolver = new ExtendsResolver(context, scope);
  const resolved: Dict = {};
  for (const name of Object.keys(services)) resolved[name] = await resolver.resolve(source, name, []);
  context.index.inherit(resolved, [services]);
  const result = { ...model, services: resolved };
  context.index.inherit(result, [model]);
  return result;
}

class ExtendsResolver {
  readonly #files = new Map<string, Promise<ServiceSource>>();

  constructor(
    private readonly context: LoadContext,
    private readonly scope: FileScope,
  ) {}

  /** `chain` lists the services being resolved, as "file:service", to find cycles. */
  async resolve(source: ServiceSource, name: string, chain: readonly string[]): Promise<Dict> {
    const service = source.get(name);
    const ref = service['extends'] as ExtendsRef | undefined;
    if (ref === undefined) return service;
    const link = `${source.file}:${name}`;
    const { index } = this.context;
    const location = index.locate(service, ['extends']);
    if (chain.includes(link)) {
      throw new BerthError('cycle', `extends cycle: ${[...chain, link].join(' -> ')}; remove one of these extends`, { location });
    }
    let baseSource = source;
    if (ref.file !== undefined) {
      refuseRemote(ref.file, location);
      baseSource = await this.otherFile(posix.resolve(source.baseDir, ref.file), location);
    }
    if (!baseSource.has(ref.service)) {
      throw new BerthError('invalid_project', `service "${name}" extends "${ref.service}", which is not defined in ${baseSource.file}; check extends.service${ref.file === undefined ? ' or add extends.file' : ''}`, { location });
    }
    let base = await this.resolve(baseSource, ref.service, [...chain, link]);
    if (baseSource !== source) {
      // Relative paths in the base belong to its own file's directory.
      const rebased = resolveRelativePaths(applyDefaults({ services: { [ref.service]: base } }), { workingDir: posix.dirname(baseSource.file), homeDir: this.context.host.homeDir });
      base = (rebased['services'] as Dict)[ref.service] as Dict;
    }
    const trimmed = withoutPaths({ services: { [name]: base } }, source.replaced);
    base = ((trimmed['services'] as Dict)[name] as Dict | undefined) ?? {};
    const { extends: _resolved, ...own } = service;
    index.inherit(own, [service]);
    return mergeServices(base, own, { onContainerCreated: (created, sources) => index.inherit(created, sources) });
  }

  private otherFile(file: string, location: ReturnType<LoadContext['index']['locate']>): Promise<ServiceSource> {
    let loaded = this.#files.get(file);
    if (!loaded) {
      loaded = this.readOtherFile(file, location);
      this.#files.set(file, loaded);
    }
    return loaded;
  }

  private async readOtherFile(file: string, location: ReturnType<LoadContext['index']['locate']>): Promise<ServiceSource> {
    const text = await readComposeText(file, this.context).catch((error: unknown) => {
      throw new BerthError('file_not_found', `extends refers to ${file}, which cannot be read; check extends.file`, { location, cause: error });
    });
    const documents = await readFile(file, text, { ...this.scope, baseDir: posix.dirname(file) }, this.context);
    const raw = new Map<string, { value: unknown; replaced: readonly ModelPath[] }>();
    for (const document of documents) {
      const services = document.value['services'];
      if (!isDict(services)) continue;
      for (const [name, value] of Object.entries(services)) raw.set(name, { value, replaced: [...document.resets, ...document.overrides] });
    }
    const prepared = new Map<string, Dict>();
    return {
      file,
      baseDir: posix.dirname(file),
      replaced: [...raw.values()].flatMap((entry) => entry.replaced),
      has: (name) => raw.has(name),
      get: (name) => {
        let service = prepared.get(name);
        if (!service) {
          // Only the services extends actually reads are validated; a null service is an empty one.
          const value = raw.get(name)?.value ?? {};
          const wrapped = { services: { [name]: value } };
          this.context.index.inherit(wrapped, []);
          service = ((prepareValue(wrapped, file, this.context)['services'] as Dict)[name] as Dict | undefined) ?? {};
          prepared.set(name, service);
        }
        return service;
      },
    };
  }
}
