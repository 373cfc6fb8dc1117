/**
 * Recreating a managed network whose configuration changed, Compose's way
 * (docker/compose pkg/compose/reconcile.go planRecreateNetworks): every
 * container of the services using it is stopped and disconnected, the
 * network is removed and created again, and the same containers are
 * reconnected — they keep their identity and are not recreated. Starting
 * the stopped ones again is the reconciler's job.
 */
import type { ContainerSummary, EndpointSpec, NetworkSpec } from '../engine/index.js';
import type { PlanBuilder } from './plan-builder.js';

export interface NetworkRecreateInput {
  readonly key: string;
  /** The engine name, the same before and after. */
  readonly name: string;
  readonly spec: NetworkSpec;
  /** The containers of the services using the network, with their service and the endpoint they are created with. */
  readonly containers: readonly { readonly service: string; readonly container: ContainerSummary; readonly endpoint: EndpointSpec }[];
  /** Plans the stop of a container (once per container and plan), or resolves the step already stopping it; undefined when it is not running. */
  readonly stop: (service: string, container: ContainerSummary, reason: string) => number | undefined;
}

export interface NetworkRecreateSteps {
  readonly create: number;
  /** Container ID → the step reconnecting it. */
  readonly reconnected: ReadonlyMap<string, number>;
}

export function planNetworkRecreate(builder: PlanBuilder, input: NetworkRecreateInput): NetworkRecreateSteps {
  const disconnects: number[] = [];
  for (const { service, container } of input.containers) {
    const stop = input.stop(service, container, `network ${input.name} config changed`);
    disconnects.push(
      builder.add(
        { kind: 'disconnect-network', service, container: { id: container.id, name: container.name }, network: input.name },
        `network ${input.name} recreated`,
        stop === undefined ? [] : [stop],
      ),
    );
  }
  const remove = builder.add({ kind: 'remove-network', network: input.key, name: input.name }, 'config hash changed', disconnects);
  const create = builder.add({ kind: 'create-network', network: input.key, spec: input.spec }, 'recreated after a config change', [remove]);
  const reconnected = new Map<string, number>();
  for (const { service, container, endpoint } of input.containers) {
    reconnected.set(
      container.id,
      builder.add({ kind: 'connect-network', service, container: { id: container.id, name: container.name }, network: input.name, endpoint }, `network ${input.name} recreated`, [create]),
    );
  }
  return { create, reconnected };
}
