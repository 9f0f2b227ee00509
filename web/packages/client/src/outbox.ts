// Messages sent but not yet acknowledged. Each has its `clientMsgId` from the start, and the server
// stores a message once per `clientMsgId` (a repeat answers with the stored one), so sending it
// again after a lost acknowledgement, a reconnect or a retryable refusal never makes a copy.
// Messages go one at a time, in the order they were given, so they are stored in that order.

import { ChatApiError, isRetryable } from "./errors.js";
import type { components } from "./generated/realtime.js";

type Message = components["schemas"]["Message"];
export type SendMessagePayload = components["schemas"]["SendMessagePayload"];

/** A message waiting for its acknowledgement. */
export interface PendingMessage {
  readonly clientMsgId: string;
  readonly conversationId: string;
  readonly payload: SendMessagePayload;
  /** Times it was emitted so far. */
  readonly attempts: number;
}

interface Entry extends PendingMessage {
  attempts: number;
  resolve(message: Message): void;
  reject(error: ChatApiError): void;
}

export interface OutboxDeps {
  /** Emits `sendMessage` and resolves with the stored message; rejects with a ChatApiError. */
  send(payload: SendMessagePayload): Promise<Message>;
  /** Whether the socket is connected. */
  canSend(): boolean;
  /** The server stored a message of ours. */
  onStored(message: Message): void;
}

/** Delay before the next attempt after a retryable refusal without a hint: 1 s, 2 s, 4 s … 15 s. */
const backoff = (attempt: number) => Math.min(15_000, 1000 * 2 ** Math.min(attempt - 1, 4));

export class Outbox {
  private items: Entry[] = [];
  private running = false;
  private rerun = false;
  private notBefore = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: OutboxDeps) {}

  /** What waits for an acknowledgement, in sending order. */
  list(): readonly PendingMessage[] {
    return this.items.map(({ clientMsgId, conversationId, payload, attempts }) => ({ clientMsgId, conversationId, payload, attempts }));
  }

  /** Queues a message; resolves once the server stored it, rejects when it refuses it for good. */
  add(payload: SendMessagePayload & { clientMsgId: string }): Promise<Message> {
    return new Promise<Message>((resolve, reject) => {
      const { clientMsgId, conversationId } = payload;
      this.items.push({ clientMsgId, conversationId, payload, attempts: 0, resolve, reject });
      this.flush();
    });
  }

  /** Sends what waits, if it can now (called on connect, and by its own retry timer). */
  flush(): void {
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.rerun) {
        this.rerun = false;
        this.flush();
      }
    });
  }

  /** Rejects and forgets everything (the client closed). */
  failAll(error: ChatApiError): void {
    this.stopTimer();
    const items = this.items;
    this.items = [];
    for (const item of items) item.reject(error);
  }

  private async drain(): Promise<void> {
    for (;;) {
      const item = this.items[0];
      if (!item || !this.deps.canSend()) return;
      const wait = this.notBefore - Date.now();
      if (wait > 0) return this.retryIn(wait);
      item.attempts++;
      try {
        const message = await this.deps.send(item.payload);
        if (this.drop(item)) {
          this.deps.onStored(message);
          item.resolve(message);
        }
      } catch (e) {
        const error = e instanceof ChatApiError ? e : new ChatApiError(undefined, "internal", String(e));
        if (!isRetryable(error)) {
          if (this.drop(item)) item.reject(error);
          continue;
        }
        // Lost with the connection: the next connect sends it again (same clientMsgId).
        if (error.code === "disconnected") return;
        const hint = error.retryAfterSecs;
        this.notBefore = Date.now() + (hint !== undefined ? hint * 1000 : backoff(item.attempts));
      }
    }
  }

  private drop(item: Entry): boolean {
    const before = this.items.length;
    this.items = this.items.filter((i) => i !== item);
    return this.items.length < before;
  }

  private retryIn(ms: number): void {
    this.stopTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, ms);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
