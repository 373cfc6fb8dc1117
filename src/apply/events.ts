/**
 * What `apply` reports while it works, for progress output (tty, plain,
 * json) and for the programmatic API. One event per change of a step's
 * state; `resource` is what Compose's progress lines name
 * (`Container shop-web-1`, `Network shop_default`).
 */
export type ResourceKind = 'container' | 'network' | 'volume' | 'image';

export type ApplyEvent =
  | { readonly type: 'step-started'; readonly step: number; readonly resource: ResourceKind; readonly name: string; readonly action: StepAction }
  | { readonly type: 'step-waiting'; readonly step: number; readonly resource: ResourceKind; readonly name: string; readonly waitingFor: string }
  | { readonly type: 'step-done'; readonly step: number; readonly resource: ResourceKind; readonly name: string; readonly action: StepAction; readonly elapsedMs: number }
  | { readonly type: 'step-failed'; readonly step: number; readonly resource: ResourceKind; readonly name: string; readonly action: StepAction; readonly message: string }
  | { readonly type: 'step-skipped'; readonly step: number; readonly resource: ResourceKind; readonly name: string; readonly reason: string }
  | { readonly type: 'warning'; readonly message: string };

/** Compose's progress verbs: `Creating` → `Created`, `Starting` → `Started`, … */
export type StepAction = 'create' | 'start' | 'stop' | 'remove' | 'rename' | 'recreate' | 'connect' | 'disconnect' | 'pull' | 'build' | 'wait';
