// The messages held of each conversation (`threads`): the newest page when one is opened, older
// pages when scrolling up, catching up by `seq` after a reconnect or a hole, and every stored
// message from anywhere (event, ack, sync, history) taken into its thread and its list entry.

import type { Message, MessageDeletedEvent, Reaction, ReactionsEvent } from "../api/types";
import type { RestApi } from "../api/rest";
import { withMessage } from "./conversations";
import type { Receipts } from "./receipts";
import type { Store } from "./store";
import { applyReactions } from "./reactions";
import { catchUp, leavesGap } from "./sync";
import { applyDeletion, emptyThread, highestSeq, lowestSeq, mergeMessages, type Thread } from "./timeline";
import { REQUEST_TIMEOUT_MS, type Transport } from "./transport";
import { withoutSenders } from "./typing";

export const PAGE_SIZE = 50;
const SYNC_PAGE = 100;

export interface ThreadsDeps {
  store: Store;
  api: Pick<RestApi, "history">;
  transport: Transport;
  receipts: Pick<Receipts, "isReading" | "markRead" | "markDelivered">;
  /** A message of a conversation not on the list (or a list entry to correct): reload the list soon. */
  listStale(): void;
  /** Whether a failed read means a flash group expired (it is then marked so). */
  expiredByNotFound(id: string, error: unknown): boolean;
  /** The conversation is gone (the server does not know it any more). */
  remove(id: string): void;
  /** Whether the client stopped (then nothing changes any more). */
  stopped(): boolean;
}

export class Threads {
  private readonly syncing = new Map<string, Promise<void>>();

  constructor(private readonly deps: ThreadsDeps) {}

  private get state() {
    return this.deps.store.getState();
  }

  /** Loads the newest page of a conversation the first time it is opened; afterwards marks it read. */
  open(id: string): void {
    if (!this.state.threads[id]) void this.loadNewest(id);
    else this.deps.receipts.markRead(id);
  }

  private async loadNewest(id: string): Promise<void> {
    // The thread exists from now on, so live messages arriving during the request are kept.
    this.setThread(id, { ...emptyThread });
    try {
      const page = await this.deps.api.history(id, { limit: PAGE_SIZE });
      const thread = this.state.threads[id];
      if (this.deps.stopped() || !thread) return;
      // Messages that arrived live while the page was on its way stay; so do older ones if any.
      const loaded = { ...thread, loaded: true, hasMoreBefore: thread.loaded ? thread.hasMoreBefore : page.hasMore };
      this.setThread(id, loaded);
      this.accept(id, page.items, false);
      this.deps.receipts.markRead(id);
    } catch (e) {
      if (this.deps.expiredByNotFound(id, e)) {
        const thread = this.state.threads[id];
        if (thread) this.setThread(id, { ...thread, loaded: true });
        return;
      }
      const { [id]: _failed, ...threads } = this.state.threads;
      this.deps.store.set({ threads, notice: `Could not load messages: ${(e as Error).message}` });
    }
  }

  /** Loads the page before the oldest message held (scrolling up). */
  async loadOlder(id: string): Promise<void> {
    const thread = this.state.threads[id];
    if (!thread || !thread.loaded || !thread.hasMoreBefore || thread.loadingOlder) return;
    this.setThread(id, { ...thread, loadingOlder: true });
    try {
      const page = await this.deps.api.history(id, { beforeSeq: lowestSeq(thread.messages), limit: PAGE_SIZE });
      const now = this.state.threads[id];
      if (!now) return;
      this.setThread(id, {
        ...now,
        messages: mergeMessages(now.messages, page.items),
        hasMoreBefore: page.hasMore,
        loadingOlder: false,
      });
    } catch (e) {
      const now = this.state.threads[id];
      if (this.deps.expiredByNotFound(id, e)) {
        if (now) this.setThread(id, { ...now, loadingOlder: false, hasMoreBefore: false });
        return;
      }
      if (now) this.setThread(id, { ...now, loadingOlder: false });
      this.deps.store.set({ notice: `Could not load older messages: ${(e as Error).message}` });
    }
  }

  /** Catches up every conversation held open, after a (re)connect. */
  async resyncAll(): Promise<void> {
    const { threads, expired } = this.state;
    await Promise.all(
      Object.entries(threads)
        .filter(([id, t]) => t.loaded && !expired[id])
        .map(([id]) => this.resync(id)),
    );
  }

  /** Asks `syncConversation` for everything after `fromSeq` (default: the highest held), while `hasMore`. */
  resync(id: string, fromSeq?: number): Promise<void> {
    const running = this.syncing.get(id);
    if (running) return running;
    const run = (async () => {
      const thread = this.state.threads[id];
      if (!thread) return;
      try {
        const missed = await catchUp(fromSeq ?? highestSeq(thread.messages), async (afterSeq) => {
          const ack = await this.deps.transport.request(
            "syncConversation",
            { conversationId: id, afterSeq, limit: SYNC_PAGE },
            REQUEST_TIMEOUT_MS,
          );
          if (!ack.ok) throw Object.assign(new Error(ack.error.message), { code: ack.error.code });
          return { messages: ack.messages, hasMore: ack.hasMore };
        });
        this.accept(id, missed, false);
      } catch (e) {
        if (this.deps.expiredByNotFound(id, e)) return;
        if ((e as { code?: string }).code === "not_found") this.deps.remove(id);
        // Otherwise the connection dropped again: the next connect resyncs.
      }
    })().finally(() => this.syncing.delete(id));
    this.syncing.set(id, run);
    return run;
  }

  /** A message whose file links stopped loading (they expire): fetch it again, with fresh links. */
  async refreshLinks(m: Message): Promise<void> {
    try {
      const page = await this.deps.api.history(m.conversationId, { beforeSeq: m.seq + 1, limit: 1 });
      const fresh = page.items.find((x) => x.id === m.id);
      if (fresh) this.accept(m.conversationId, [fresh], false);
    } catch {
      // Offline or refused: the image stays broken until the next resync.
    }
  }

  /**
   * Takes stored messages of one conversation from anywhere (event, ack, sync, history) into the
   * thread and the list entry. Duplicates merge away; a hole before a live message is filled.
   */
  accept(conversationId: string, messages: readonly Message[], live: boolean): void {
    if (messages.length === 0 || this.deps.stopped()) return;
    const { receipts } = this.deps;
    const s = this.state;
    const me = s.me.id;
    const thread = s.threads[conversationId];
    const gap = live && thread?.loaded && messages.some((m) => leavesGap(thread.messages, m));
    const heldTop = thread ? highestSeq(thread.messages) : 0;
    const reading = receipts.isReading(conversationId);

    let summary = s.conversations[conversationId];
    if (summary) for (const m of messages) summary = withMessage(summary, m, me, reading);
    else this.deps.listStale(); // a conversation we have not heard of yet

    const fromOthers = messages.filter((m) => m.senderId !== me);
    const typing = live ? withoutSenders(s.typing, conversationId, new Set(fromOthers.map((m) => m.senderId))) : s.typing;

    this.deps.store.set({
      threads: thread ? { ...s.threads, [conversationId]: { ...thread, messages: mergeMessages(thread.messages, messages) } } : s.threads,
      conversations: summary ? { ...s.conversations, [conversationId]: summary } : s.conversations,
      typing,
    });

    if (gap) void this.resync(conversationId, heldTop);
    const newestFromOthers = Math.max(0, ...fromOthers.map((m) => m.seq));
    if (newestFromOthers > 0) receipts.markDelivered(conversationId, newestFromOthers);
    if (reading) receipts.markRead(conversationId);
  }

  /** `messageDeleted` (or our own deletion): gone from the thread, or kept as a tombstone; the list entry follows. */
  onDeleted(e: MessageDeletedEvent): void {
    const s = this.state;
    const thread = s.threads[e.conversationId];
    const summary = s.conversations[e.conversationId];
    let conversations = s.conversations;
    let threads = s.threads;
    if (thread) {
      threads = { ...threads, [e.conversationId]: { ...thread, messages: applyDeletion(thread.messages, e.messageId, e.scope) } };
    }
    if (summary?.lastMessage?.id === e.messageId) {
      const held = threads[e.conversationId]?.messages;
      const lastMessage =
        e.scope === "everyone"
          ? { ...summary.lastMessage, deleted: true, content: "", attachments: [] }
          : (held?.[held.length - 1] ?? null);
      conversations = { ...conversations, [e.conversationId]: { ...summary, lastMessage } };
      if (e.scope === "me" && !held) this.deps.listStale();
    }
    this.deps.store.set({ threads, conversations });
  }

  /** `messageUpdated`: the new text, with the reactions already held (the event carries none). */
  onUpdated(m: Message): void {
    const held = this.state.threads[m.conversationId]?.messages.find((x) => x.id === m.id);
    this.accept(m.conversationId, [held?.reactions ? { ...m, reactions: held.reactions } : m], false);
  }

  /** `reactionsUpdated`: the message's new counts. */
  onReactions(e: ReactionsEvent): void {
    const held = this.state.threads[e.conversationId]?.messages.find((m) => m.id === e.messageId);
    if (held) this.setReactions(e.conversationId, e.messageId, applyReactions(held.reactions ?? [], e, this.state.me.id));
  }

  /** A message's reactions as the server answered them to us. */
  setReactions(conversationId: string, messageId: string, reactions: Reaction[]): void {
    const thread = this.state.threads[conversationId];
    if (!thread) return;
    const messages = thread.messages.map((m) => (m.id === messageId ? { ...m, reactions } : m));
    this.setThread(conversationId, { ...thread, messages });
  }

  private setThread(id: string, thread: Thread): void {
    this.deps.store.set({ threads: { ...this.state.threads, [id]: thread } });
  }
}
