/**
 * A plan for people (`berth up --dry-run`) and for tools (`--format json`).
 * Text: one line per step, `#3 [after 1,2] create container shop-web-1
 * (config hash changed)`, then the warnings. JSON: a stable object whose
 * steps name their action, resource and name before the full operation.
 */
import type { ContainerRef, Operation, Plan, PlanStep, StartCondition } from './plan.js';

export type PlanAction = 'create' | 'start' | 'stop' | 'remove' | 'rename' | 'connect' | 'disconnect';
export type PlanResource = 'network' | 'volume' | 'container';

export function renderPlanText(plan: Plan): string {
  const lines = plan.steps.map(renderStep);
  if (lines.length === 0) lines.push(`nothing to do: project ${plan.project} is up to date`);
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

function renderStep(step: PlanStep): string {
  const after = step.after.length > 0 ? ` [after ${step.after.join(',')}]` : '';
  const { action, resource, name } = describeOperation(step.operation);
  let text = `#${step.id}${after} ${action} ${resource} ${name}`;
  const operation = step.operation;
  if (operation.kind === 'rename-container') text += ` to ${operation.to}`;
  if (operation.kind === 'connect-network') text += ` to network ${operation.network}`;
  if (operation.kind === 'disconnect-network') text += ` from network ${operation.network}`;
  text += ` (${step.reason})`;
  if (operation.kind === 'stop-container' && operation.timeoutSeconds !== undefined) text += ` timeout ${operation.timeoutSeconds}s`;
  if (operation.kind === 'remove-container' && operation.removeVolumes) text += ' with its anonymous volumes';
  if (operation.kind === 'start-container' && operation.awaits.length > 0) text += ` awaits ${operation.awaits.map(renderCondition).join(', ')}`;
  if (operation.kind === 'start-container' && operation.files !== undefined && operation.files.length > 0) {
    text += ` writing ${operation.files.map((file) => `${file.kind} ${file.name} to ${file.path}`).join(', ')}`;
  }
  if (operation.kind === 'start-container' && operation.postStart !== undefined && operation.postStart.length > 0) text += ` then ${hookCount(operation.postStart.length, 'post_start')}`;
  if (operation.kind === 'stop-container' && operation.preStop !== undefined && operation.preStop.length > 0) text += ` after ${hookCount(operation.preStop.length, 'pre_stop')}`;
  return text;
}

function hookCount(count: number, phase: string): string {
  return `${count} ${phase} hook${count === 1 ? '' : 's'}`;
}

function renderCondition(condition: StartCondition): string {
  return `${condition.service} ${condition.condition}${condition.required ? '' : ' (optional)'}`;
}

/** The verb, the kind of object and its name, as progress output shows them (`Container shop-web-1 Created`). */
export function describeOperation(operation: Operation): { action: PlanAction; resource: PlanResource; name: string } {
  switch (operation.kind) {
    case 'create-network':
      return { action: 'create', resource: 'network', name: operation.spec.name };
    case 'remove-network':
      return { action: 'remove', resource: 'network', name: operation.name };
    case 'create-volume':
      return { action: 'create', resource: 'volume', name: operation.spec.name };
    case 'remove-volume':
      return { action: 'remove', resource: 'volume', name: operation.name };
    case 'create-container':
      return { action: 'create', resource: 'container', name: operation.spec.name };
    case 'start-container':
      return { action: 'start', resource: 'container', name: refName(operation.container) };
    case 'stop-container':
      return { action: 'stop', resource: 'container', name: refName(operation.container) };
    case 'remove-container':
      return { action: 'remove', resource: 'container', name: refName(operation.container) };
    case 'rename-container':
      return { action: 'rename', resource: 'container', name: refName(operation.container) };
    case 'connect-network':
      return { action: 'connect', resource: 'container', name: refName(operation.container) };
    case 'disconnect-network':
      return { action: 'disconnect', resource: 'container', name: refName(operation.container) };
    default:
      return assertNever(operation);
  }
}

function refName(ref: ContainerRef): string {
  return ref.name;
}

export interface PlanJson {
  readonly project: string;
  readonly steps: readonly {
    readonly id: number;
    readonly after: readonly number[];
    readonly action: PlanAction;
    readonly resource: PlanResource;
    readonly name: string;
    readonly service?: string;
    readonly reason: string;
    readonly operation: Operation;
  }[];
  readonly warnings: readonly string[];
}

export function renderPlanJson(plan: Plan): PlanJson {
  return {
    project: plan.project,
    steps: plan.steps.map((step) => ({
      id: step.id,
      after: step.after,
      ...describeOperation(step.operation),
      ...('service' in step.operation ? { service: step.operation.service } : {}),
      reason: step.reason,
      operation: withoutFileContents(step.operation),
    })),
    warnings: plan.warnings,
  };
}

/** A plan printed for tools still must not show what a secret holds: files keep their size, not their content. */
function withoutFileContents(operation: Operation): Operation {
  if (operation.kind !== 'start-container' || operation.files === undefined) return operation;
  return { ...operation, files: operation.files.map((file) => ({ ...file, content: `<${Buffer.byteLength(file.content)} bytes>` })) };
}

function assertNever(value: never): never {
  throw new Error(`unexpected operation ${JSON.stringify(value)}`);
}
