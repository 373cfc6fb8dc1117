/** Small builders for plans in apply's tests. */
import type { ContainerSpec } from '../../src/engine/index.js';
import { ONEOFF_FALSE, ONEOFF_LABEL, PROJECT_LABEL, SERVICE_LABEL } from '../../src/plan/labels.js';
import type { ContainerRef, Operation, Plan, PlanStep, StartCondition } from '../../src/plan/plan.js';

export const PROJECT = 'shop';

export function containerSpec(service: string, number = 1, overrides: Partial<ContainerSpec> = {}): ContainerSpec {
  return {
    name: `${PROJECT}-${service}-${number}`,
    image: 'berth-test/busybox:latest',
    labels: { [PROJECT_LABEL]: PROJECT, [SERVICE_LABEL]: service, [ONEOFF_LABEL]: ONEOFF_FALSE },
    entrypoint: null,
    command: null,
    env: [],
    tty: false,
    openStdin: false,
    exposedPorts: [],
    host: { mounts: [], portBindings: [], restartPolicy: { name: 'no' }, networkMode: `${PROJECT}_default` },
    networks: {},
    ...overrides,
  };
}

export const HEALTHCHECK = { test: ['CMD', 'true'], intervalNs: 1_000_000 } as const;

export function createOp(service: string, number = 1, overrides: Partial<ContainerSpec> = {}, inheritVolumesFrom?: ContainerRef): Operation {
  return { kind: 'create-container', service, number, spec: containerSpec(service, number, overrides), ...(inheritVolumesFrom ? { inheritVolumesFrom } : {}) };
}

export function startOp(service: string, container: ContainerRef, awaits: readonly StartCondition[] = []): Operation {
  return { kind: 'start-container', service, container, awaits };
}

export function step(id: number, operation: Operation, after: readonly number[] = []): PlanStep {
  return { id, operation, after, reason: 'test' };
}

export function plan(...steps: PlanStep[]): Plan {
  return { project: PROJECT, steps, warnings: [] };
}

export function ref(step: number, service: string, number = 1): ContainerRef {
  return { step, name: `${PROJECT}-${service}-${number}` };
}

export function needs(service: string, condition: StartCondition['condition'], required = true): StartCondition {
  return { service, condition, required };
}

/** A create and a start step for one container: ids `first` and `first + 1`. */
export function createAndStart(first: number, service: string, options: { after?: number[]; awaits?: StartCondition[]; spec?: Partial<ContainerSpec> } = {}): PlanStep[] {
  return [step(first, createOp(service, 1, options.spec ?? {}), options.after ?? []), step(first + 1, startOp(service, ref(first, service), options.awaits ?? []), [first])];
}
