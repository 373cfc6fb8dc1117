/**
 * The engine's event stream, in the Docker API's shape. Recent events are
 * kept in memory (as Docker does) so `since` can replay them; subscribers get
 * every later event as it happens.
 */
export type EventType = 'container' | 'image' | 'volume' | 'network';

export interface DockerEventMessage {
  readonly Type: EventType;
  readonly Action: string;
  readonly Actor: { readonly ID: string; readonly Attributes: Readonly<Record<string, string>> };
  readonly scope: 'local';
  readonly time: number;
  readonly timeNano: number;
  // The pre-1.22 fields Docker still sends for containers; the docker CLI reads them.
  readonly status?: string;
  readonly id?: string;
  readonly from?: string;
}

const KEEP = 1024;

export class EventBus {
  private readonly recent: DockerEventMessage[] = [];
  private readonly listeners = new Set<(event: DockerEventMessage) => void>();

  constructor(private readonly nowNanos: () => bigint = () => process.hrtime.bigint() + EPOCH_OFFSET) {}

  emit(type: EventType, action: string, id: string, attributes: Readonly<Record<string, string>>): void {
    const nanos = this.nowNanos();
    const event: DockerEventMessage = {
      Type: type,
      Action: action,
      Actor: { ID: id, Attributes: { ...attributes } },
      scope: 'local',
      time: Number(nanos / 1_000_000_000n),
      timeNano: Number(nanos),
      ...(type === 'container' ? { status: action, id, from: attributes['image'] ?? '' } : {}),
    };
    this.recent.push(event);
    if (this.recent.length > KEEP) this.recent.splice(0, this.recent.length - KEEP);
    for (const listener of this.listeners) listener(event);
  }

  /** Replays kept events from `sinceNanos` (when given), then follows new ones until `signal` aborts. */
  subscribe(listener: (event: DockerEventMessage) => void, sinceNanos?: number): () => void {
    if (sinceNanos !== undefined) for (const event of this.recent) if (event.timeNano >= sinceNanos) listener(event);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

// hrtime has no epoch; anchor it once to the wall clock so event times are Unix times that never go backwards.
const EPOCH_OFFSET = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
