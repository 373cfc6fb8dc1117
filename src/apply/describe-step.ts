/**
 * How a plan step shows in progress output: the resource Compose names
 * (`Container shop-web-1`, `Network shop_default`) and the verb.
 */
import type { Operation } from '../plan/plan.js';
import { REPLACE_LABEL } from '../plan/labels.js';
import type { ResourceKind, StepAction } from './events.js';

export interface StepDescription {
  readonly resource: ResourceKind;
  readonly name: string;
  readonly action: StepAction;
}

// A replacement is created as `<12 hex of the old ID>_<final name>` and renamed later.
const TEMPORARY_PREFIX = /^[0-9a-f]{12}_/;

export function describeOperation(operation: Operation): StepDescription {
  switch (operation.kind) {
    case 'create-network':
      return { resource: 'network', name: operation.spec.name, action: 'create' };
    case 'remove-network':
      return { resource: 'network', name: operation.name, action: 'remove' };
    case 'create-volume':
      return { resource: 'volume', name: operation.spec.name, action: 'create' };
    case 'remove-volume':
      return { resource: 'volume', name: operation.name, action: 'remove' };
    case 'create-container': {
      const replacing = operation.spec.labels[REPLACE_LABEL] !== undefined;
      return replacing
        ? { resource: 'container', name: operation.spec.name.replace(TEMPORARY_PREFIX, ''), action: 'recreate' }
        : { resource: 'container', name: operation.spec.name, action: 'create' };
    }
    case 'start-container':
      return { resource: 'container', name: operation.container.name, action: 'start' };
    case 'stop-container':
      return { resource: 'container', name: operation.container.name, action: 'stop' };
    case 'remove-container':
      return { resource: 'container', name: operation.container.name, action: 'remove' };
    // Named by the name it gets: the rename finishes a recreate under the final name.
    case 'rename-container':
      return { resource: 'container', name: operation.to, action: 'rename' };
    case 'connect-network':
      return { resource: 'container', name: operation.container.name, action: 'connect' };
    case 'disconnect-network':
      return { resource: 'container', name: operation.container.name, action: 'disconnect' };
    default: {
      const unreachable: never = operation;
      throw new Error(`unknown operation ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The service a container operation belongs to; undefined for networks and volumes. */
export function serviceOf(operation: Operation): string | undefined {
  switch (operation.kind) {
    case 'create-network':
    case 'remove-network':
    case 'create-volume':
    case 'remove-volume':
      return undefined;
    case 'create-container':
    case 'start-container':
    case 'stop-container':
    case 'remove-container':
    case 'rename-container':
    case 'connect-network':
    case 'disconnect-network':
      return operation.service;
    default: {
      const unreachable: never = operation;
      throw new Error(`unknown operation ${JSON.stringify(unreachable)}`);
    }
  }
}
