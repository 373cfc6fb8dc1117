/** Numbers plan steps for the plans commands make themselves (stop, start). */
import type { Operation, Plan, PlanStep } from '../plan/index.js';

export class PlanBuilderLite {
  private readonly steps: PlanStep[] = [];
  private readonly warnings: string[] = [];

  constructor(private readonly project: string) {}

  add(operation: Operation, reason: string, after: readonly number[] = []): number {
    const id = this.steps.length + 1;
    this.steps.push({ id, operation, after: [...new Set(after)].sort((a, b) => a - b), reason });
    return id;
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  build(): Plan {
    return { project: this.project, steps: [...this.steps], warnings: [...this.warnings] };
  }
}
