// Messages typed but not yet acknowledged. Each carries a `clientMsgId` from the moment it is
// typed; the server stores a message once per `clientMsgId`, so resending after a timeout or a
// reconnect can never create a duplicate. Items are sent one at a time, in the order typed.

import type { Ack, AckError, AckErrorCode, Attachment, Message } from "../api/types";

export interface Outgoing {
  clientMsgId: string;
  conversationId: string;
  content: string;
  replyToId?: string | null;
  /** Uploads to attach (their jobs completed); empty for text. */
  attachmentIds?: string[];
  /** Those uploads as the message will show them (thumbnails, names), while it is pending. */
  attachments?: Attachment[];
  /** When it was typed (local clock), shown until the stored time replaces it. */
  createdAt: string;
  /** `pending`: waiting or in flight; `failed`: the server refused it for good (see `error`). */
  status: "pending" | "failed";
  error?: string;
  attempts: number;
}

export interface OutboxDeps {
  /** Sends one item and resolves with the server's ack; rejects on timeout or disconnect. */
  send(item: Outgoing): Promise<Ack<{ message: Message }>>;
  /** Whether sending can be tried now (the socket is connected). */
  canSend(): boolean;
  /** The server stored `item` as `message`. */
  onStored(item: Outgoing, message: Message): void;
  /** The list changed (to redraw and to persist it). */
  onChange(items: readonly Outgoing[]): void;
  /** The server refused `item` for good (it is now marked failed). */
  onRefused?(item: Outgoing, error: AckError): void;
  /** Delay before retrying after a failed attempt (default: 1 s, 2 s, 4 s … up to 15 s). */
  retryDelay?(attempt: number): number;
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
}

/** Error codes that will not change by sending again: the item is marked failed. */
const PERMANENT: ReadonlySet<AckErrorCode> = new Set(["bad_request", "forbidden", "not_found", "payload_too_large", "gone", "conflict"]);

export function isPermanent(error: AckError): boolean {
  return PERMANENT.has(error.code);
}

export class Outbox {
  private items: Outgoing[];
  private running: Promise<void> | null = null;
  private rerun = false;
  private timer: unknown = null;

  constructor(
    private readonly deps: OutboxDeps,
    initial: readonly Outgoing[] = [],
  ) {
    // Anything saved by an earlier page load is waiting again.
    this.items = initial.map((item) => ({ ...item }));
  }

  list(): readonly Outgoing[] {
    return this.items;
  }

  has(clientMsgId: string): boolean {
    return this.items.some((i) => i.clientMsgId === clientMsgId);
  }

  /** Queues a message; it is sent at once when possible. */
  add(item: Omit<Outgoing, "status" | "attempts">): Outgoing {
    const queued: Outgoing = { ...item, status: "pending", attempts: 0 };
    this.items = [...this.items, queued];
    this.changed();
    void this.flush();
    return queued;
  }

  /** Drops an item: its stored copy arrived (`receiveMessage` before the ack), or the user discarded it. */
  remove(clientMsgId: string): void {
    if (!this.has(clientMsgId)) return;
    this.items = this.items.filter((i) => i.clientMsgId !== clientMsgId);
    this.changed();
  }

  /** Puts a failed item back in the queue. */
  retry(clientMsgId: string): void {
    this.update(clientMsgId, { status: "pending", error: undefined });
    void this.flush();
  }

  /**
   * Marks every item of a conversation failed with `error`, so none is sent again (a flash group
   * that expired). One in flight may still be stored; its ack then removes it as usual.
   */
  failConversation(conversationId: string, error: string): void {
    const next = failItems(this.items, conversationId, error);
    if (next === this.items) return;
    this.items = next;
    this.changed();
  }

  /** Forgets every item of a conversation (gone from the list). */
  dropConversation(conversationId: string): void {
    if (!this.items.some((i) => i.conversationId === conversationId)) return;
    this.items = this.items.filter((i) => i.conversationId !== conversationId);
    this.changed();
  }

  /** Forgets everything (logout). */
  clear(): void {
    this.cancelTimer();
    this.items = [];
    this.changed();
  }

  /**
   * Sends the pending items in order until the queue is empty, the connection drops or the
   * server asks to slow down. Calls made while a flush runs join it.
   */
  flush(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.cancelTimer();
    this.running = this.loop();
    return this.running;
  }

  private async loop(): Promise<void> {
    await Promise.resolve(); // `running` is set before anything below runs
    try {
      let outcome: "done" | "waiting";
      do {
        this.rerun = false;
        outcome = await this.drain();
      } while (this.rerun && outcome === "done");
    } finally {
      this.running = null;
    }
  }

  /** "waiting": a retry is scheduled (the timer flushes again). */
  private async drain(): Promise<"done" | "waiting"> {
    const tried = new Set<string>();
    for (;;) {
      if (!this.deps.canSend()) return "done";
      const item = this.items.find((i) => i.status === "pending" && !tried.has(i.clientMsgId));
      if (!item) return "done";
      tried.add(item.clientMsgId);
      const attempt = item.attempts + 1;
      this.update(item.clientMsgId, { attempts: attempt });
      let ack: Ack<{ message: Message }>;
      try {
        ack = await this.deps.send({ ...item, attempts: attempt });
      } catch {
        // Timeout or disconnect: the server may or may not have it; the same clientMsgId is sent
        // again later, and it answers with the stored message if it has it.
        this.scheduleRetry(attempt);
        return "waiting";
      }
      if (ack.ok) {
        const wasQueued = this.has(item.clientMsgId);
        this.items = this.items.filter((i) => i.clientMsgId !== item.clientMsgId);
        if (wasQueued) this.changed();
        this.deps.onStored(item, ack.message);
      } else if (isPermanent(ack.error)) {
        // An item failed meanwhile (its flash group expired) keeps the reason it was given.
        const held = this.items.find((i) => i.clientMsgId === item.clientMsgId);
        if (held?.status !== "failed") this.update(item.clientMsgId, { status: "failed", error: ack.error.message });
        this.deps.onRefused?.(item, ack.error);
      } else {
        // rate_limited, internal, unauthorized…: keep the order, try again later.
        this.scheduleRetry(attempt);
        return "waiting";
      }
    }
  }

  private scheduleRetry(attempt: number): void {
    const delay = this.deps.retryDelay?.(attempt) ?? Math.min(15_000, 1000 * 2 ** Math.min(attempt - 1, 4));
    const setTimer = this.deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.cancelTimer();
    this.timer = setTimer(() => {
      this.timer = null;
      void this.flush();
    }, delay);
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    const clear = this.deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    clear(this.timer);
    this.timer = null;
  }

  private update(clientMsgId: string, patch: Partial<Outgoing>): void {
    let found = false;
    this.items = this.items.map((i) => {
      if (i.clientMsgId !== clientMsgId) return i;
      found = true;
      return { ...i, ...patch };
    });
    if (found) this.changed();
  }

  private changed(): void {
    this.deps.onChange(this.items);
  }
}

/**
 * `items` with every one of `conversationId` failed with `error` (the same array when that is so
 * already), so the queue stops sending them and the view says why and offers to discard them.
 */
export function failItems(items: readonly Outgoing[], conversationId: string, error: string): Outgoing[] {
  const touch = (i: Outgoing) => i.conversationId === conversationId && (i.status !== "failed" || i.error !== error);
  if (!items.some(touch)) return items as Outgoing[];
  return items.map((i) => (touch(i) ? { ...i, status: "failed", error } : i));
}

/** A random RFC 4122 v4 id. Uses getRandomValues, which works on plain-HTTP origins too. */
export function newClientMsgId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
