// Catching up by `seq`. Socket.IO does not replay what a client missed, but each conversation
// numbers its messages 1, 2, 3… without gaps. So the client keeps, per conversation, the highest
// seq it delivered; a live message past the next one means some were missed (and is held back),
// and so may a reconnect: then `syncConversation { afterSeq }` fetches what was missed, page after
// page, and everything is delivered once, in seq order.

import type { components } from "./generated/realtime.js";

type Message = components["schemas"]["Message"];

export interface SyncPage {
  messages: Message[];
  hasMore: boolean;
}

export interface SyncDeps {
  /** One page of `syncConversation`: messages after `afterSeq`, ascending. */
  fetchPage(conversationId: string, afterSeq: number): Promise<SyncPage>;
  /** Delivers one message to the app: called once per message, in seq order per conversation. */
  deliver(message: Message): void;
  /** A catch-up failed (a disconnect is retried at the next connect; others are reported here). */
  failed(conversationId: string, error: unknown): void;
}

/** Pages fetched in one catch-up at most (100 messages each). */
const MAX_PAGES = 1000;

export class SeqTracker {
  /** The highest seq delivered, per conversation followed. */
  private readonly delivered = new Map<string, number>();
  /** Live messages past a gap, waiting for the catch-up. */
  private readonly held = new Map<string, Message[]>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly deps: SyncDeps) {}

  /** The highest seq delivered in a conversation (undefined: not followed). */
  position(conversationId: string): number | undefined {
    return this.delivered.get(conversationId);
  }

  /** Follows a conversation from `afterSeq` (what the app already holds); never moves back. */
  follow(conversationId: string, afterSeq: number): void {
    const at = this.delivered.get(conversationId);
    if (at === undefined || afterSeq > at) this.delivered.set(conversationId, afterSeq);
  }

  /** Stops following a conversation (left, deleted, expired). */
  forget(conversationId: string): void {
    this.delivered.delete(conversationId);
    this.held.delete(conversationId);
  }

  /** Conversations followed. */
  followed(): string[] {
    return [...this.delivered.keys()];
  }

  /**
   * A message from the server (live, or the acknowledgement of our own). Delivered at once when it
   * is the next one; dropped when delivered already; otherwise held while the gap is filled. The
   * first message of a conversation not followed yet starts following it.
   */
  accept(message: Message): void {
    const id = message.conversationId;
    const at = this.delivered.get(id);
    if (this.running.has(id)) return this.hold(message);
    if (at === undefined || message.seq === at + 1) return this.advance(message);
    if (message.seq <= at) return;
    this.hold(message);
    void this.catchUp(id, true);
  }

  /** Fetches and delivers what was missed in every followed conversation (after a reconnect). */
  async catchUpAll(): Promise<void> {
    for (const id of this.followed()) await this.catchUp(id, true);
  }

  /**
   * Fetches and delivers every message after the position, then the held ones. A held message
   * still past a gap after that (the server did not list the ones before it) triggers one more
   * catch-up when `again`; after it, what is held is delivered in order.
   */
  catchUp(conversationId: string, again = true): Promise<void> {
    const running = this.running.get(conversationId);
    if (running) return running;
    const run = this.fetchAll(conversationId).then(
      () => {
        this.running.delete(conversationId);
        this.release(conversationId, again);
      },
      (error: unknown) => {
        this.running.delete(conversationId);
        this.deps.failed(conversationId, error);
      },
    );
    this.running.set(conversationId, run);
    return run;
  }

  private async fetchAll(id: string): Promise<void> {
    for (let page = 0; page < MAX_PAGES; page++) {
      const from = this.delivered.get(id);
      if (from === undefined) return; // forgotten meanwhile
      const { messages, hasMore } = await this.deps.fetchPage(id, from);
      for (const m of messages) if (m.seq > (this.delivered.get(id) ?? Infinity)) this.advance(m);
      if (!hasMore || (this.delivered.get(id) ?? from) <= from) return;
    }
  }

  private release(id: string, again: boolean): void {
    const held = (this.held.get(id) ?? []).sort((a, b) => a.seq - b.seq);
    this.held.delete(id);
    for (const [i, m] of held.entries()) {
      const at = this.delivered.get(id);
      if (at === undefined) return;
      if (m.seq <= at) continue;
      if (m.seq !== at + 1 && again) {
        this.held.set(id, held.slice(i));
        void this.catchUp(id, false);
        return;
      }
      this.advance(m);
    }
  }

  private hold(message: Message): void {
    const list = this.held.get(message.conversationId) ?? [];
    if (!list.some((m) => m.seq === message.seq)) list.push(message);
    this.held.set(message.conversationId, list);
  }

  private advance(message: Message): void {
    this.delivered.set(message.conversationId, message.seq);
    this.deps.deliver(message);
  }
}
