/**
 * `berth config`: load the project and show it, or one facet of it.
 */
import { loadProjectDetails, renderProject, serviceConfigHash, type LoadProjectOptions, type RenderFormat, type ServiceConfig } from '../model/index.js';
import { BerthError } from '../errors.js';
import { compareBytes, extractVariables, renderVariables, type VariablesFormat } from './config-variables.js';

/** What `config` prints: the whole project, or a single facet. Flags map to exactly one. */
export type ConfigView =
  | { readonly kind: 'project'; readonly format: RenderFormat }
  | { readonly kind: 'services' }
  | { readonly kind: 'volumes' }
  | { readonly kind: 'networks' }
  | { readonly kind: 'images' }
  | { readonly kind: 'profiles' }
  | { readonly kind: 'hash'; readonly services: readonly string[] | '*' }
  | { readonly kind: 'environment' }
  | { readonly kind: 'variables'; readonly format: VariablesFormat }
  | { readonly kind: 'quiet' };

/** Returns the text `config` writes on stdout (empty for `-q`). Throws a BerthError on any problem, having written nothing. */
export async function showConfig(view: ConfigView, load: LoadProjectOptions): Promise<string> {
  const loaded = await loadProjectDetails(view.kind === 'variables' ? { ...load, interpolate: false } : load);
  const { project } = loaded;
  const lines = (values: readonly string[]): string => values.map((value) => `${value}\n`).join('');
  const serviceNames = Object.keys(project.services).sort(compareBytes);
  switch (view.kind) {
    case 'project': {
      // Interpolated values are literal text: like Compose (cmd/compose/config.go, runConfig), every `$`
      // is doubled so the output is itself a compose file that loads back to the same project. berth
      // doubles values only: mapping keys are never interpolated, so a `$` in a key stays single.
      return renderProject(project, view.format, { escapeDollars: load.interpolate !== false });
    }
    case 'quiet':
      return '';
    case 'services':
      return lines(serviceNames);
    case 'volumes':
      return lines(Object.keys(project.volumes ?? {}).sort(compareBytes));
    case 'networks':
      return lines(Object.keys(project.networks ?? {}).sort(compareBytes));
    case 'images':
      return lines(serviceNames.flatMap((name) => serviceImages(project.name, name, project.services[name]!)));
    case 'profiles': {
      const all = new Set<string>();
      for (const service of [...Object.values(project.services), ...Object.values(loaded.disabledServices)]) {
        const profiles = (service as { profiles?: readonly string[] }).profiles;
        for (const profile of profiles ?? []) all.add(profile);
      }
      return lines([...all].sort(compareBytes));
    }
    case 'hash': {
      // Compose prints the selected services in name order, each once, whatever order they were asked in.
      const selected = view.services === '*' ? serviceNames : [...new Set(view.services)].sort(compareBytes);
      return lines(
        selected.map((name) => {
          const service = project.services[name];
          if (!service) {
            throw new BerthError('invalid_argument', `no such service: ${name}; the project defines ${serviceNames.join(', ')}`);
          }
          return `${name} ${serviceConfigHash(service)}`;
        }),
      );
    }
    case 'environment':
      // Compose sorts the `KEY=value` lines themselves, not the keys.
      return lines(Object.entries(loaded.environment).map(([key, value]) => `${key}=${value}`).sort(compareBytes));
    case 'variables':
      // Services a profile leaves off still use their variables: Compose reads them from the whole model.
      return renderVariables(extractVariables([project, loaded.disabledServices]), view.format);
    default: {
      const unknown: never = view;
      throw new Error(`unknown config view ${JSON.stringify(unknown)}`);
    }
  }
}

/** The service's image (or the one a build would tag), then any other image its `pre_start` hooks run, as Compose lists them. */
function serviceImages(projectName: string, serviceName: string, service: ServiceConfig): string[] {
  const image = service.image ?? `${projectName}-${serviceName}`;
  const hookImages = (service.pre_start ?? []).flatMap((hook) => (hook.image !== undefined && hook.image !== '' && hook.image !== image ? [hook.image] : []));
  return [image, ...hookImages];
}
