/**
 * Collects a plan's steps as the planner decides them: numbered in the
 * order they are added, each with its sorted, deduplicated `after` list.
 */
import type { Operation, Plan, PlanStep } from './plan.js';

export class PlanBuilder {
  readonly #steps: PlanStep[] = [];
  readonly #warnings: string[] = [];
  readonly #warned = new Set<string>();

  constructor(readonly projectName: string) {}

  /** Adds a step; resolves its ID. `recreates`: the container whose replacement the step is part of. */
  add(operation: Operation, reason: string, after: Iterable<number> = [], recreates?: string): number {
    const id = this.#steps.length + 1;
    const sortedAfter = [...new Set(after)].sort((a, b) => a - b);
    this.#steps.push({ id, operation, after: sortedAfter, reason, ...(recreates !== undefined ? { recreates } : {}) });
    return id;
  }

  /** Each distinct warning once, in the order first given. */
  warn(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    this.#warnings.push(message);
  }

  build(): Plan {
    return { project: this.projectName, steps: [...this.#steps], warnings: [...this.#warnings] };
  }
}
