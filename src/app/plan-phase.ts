/**
 * Applying a plan with progress: announce its rows (for the live view),
 * then run it. Shared by up, down, start, stop and run.
 */
import { applyPlan, type ApplyResult } from '../apply/index.js';
import type { Plan } from '../plan/index.js';
import type { AppEvent, Session } from './session.js';

type Row = Extract<AppEvent, { type: 'phase' }>['rows'][number];

export function planRows(plan: Plan): Row[] {
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (const step of plan.steps) {
    const row = rowOf(step.operation);
    const key = `${row.resource} ${row.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(row);
  }
  return rows;
}

function rowOf(operation: Plan['steps'][number]['operation']): Row {
  switch (operation.kind) {
    case 'create-network':
      return { resource: 'network', name: operation.spec.name };
    case 'remove-network':
      return { resource: 'network', name: operation.name };
    case 'create-volume':
      return { resource: 'volume', name: operation.spec.name };
    case 'remove-volume':
      return { resource: 'volume', name: operation.name };
    case 'create-container':
      // A replacement is created under `<12 hex>_<name>` and shows under its final name.
      return { resource: 'container', name: operation.spec.name.replace(/^[0-9a-f]{12}_/, '') };
    case 'start-container':
    case 'stop-container':
    case 'remove-container':
    case 'rename-container':
    case 'connect-network':
    case 'disconnect-network':
      return { resource: 'container', name: operation.container.name };
    default: {
      const unknown: never = operation;
      throw new Error(`unknown operation ${JSON.stringify(unknown)}`);
    }
  }
}

export interface RunPlanOptions {
  readonly title: string;
  readonly conditionTimeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

export async function runPlan(session: Session, plan: Plan, options: RunPlanOptions): Promise<ApplyResult | undefined> {
  for (const message of plan.warnings) session.onEvent({ type: 'warning', message });
  if (plan.steps.length === 0) return undefined;
  session.onEvent({ type: 'phase', title: options.title, rows: planRows(plan) });
  return applyPlan(plan, session.engine, {
    parallel: session.parallel,
    signal: options.signal ?? session.signal,
    onEvent: session.onEvent,
    conditionTimeoutMs: options.conditionTimeoutMs,
  });
}
