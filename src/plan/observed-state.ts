/**
 * What exists on the engine for one project: one listing of containers,
 * networks and volumes by the `com.docker.compose.project` label, plus the
 * images the project's services use. The planner compares this to the model.
 */
import type { ContainerSummary, ImageInfo, NetworkInfo, VolumeInfo } from '../engine/index.js';

export interface ObservedState {
  readonly containers: readonly ContainerSummary[];
  readonly networks: readonly NetworkInfo[];
  readonly volumes: readonly VolumeInfo[];
  /** By image reference as the service names it; undefined when the image is not present. */
  readonly images: ReadonlyMap<string, ImageInfo | undefined>;
  /**
   * Networks and volumes looked up by the names the project declares
   * (`resourceNamesToLookUp`): external ones, and ones made outside Compose
   * that carry no project label. undefined: not there. A name left out was
   * not looked up, and the planner trusts it exists.
   */
  readonly byName?: {
    readonly networks: ReadonlyMap<string, NetworkInfo | undefined>;
    readonly volumes: ReadonlyMap<string, VolumeInfo | undefined>;
  };
}
