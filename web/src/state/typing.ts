// Who is typing: the others' `userTyping` events, shown until their message arrives, their "false"
// comes, or a timeout passes (in case that "false" is lost); and our own keystrokes, told to the
// others at most every 2 s, with a stop after 3 s without one.

import type { TypingEvent } from "../api/types";
import type { Store } from "./store";
import type { Transport } from "./transport";

/** conversationId → ids of the members typing there, in the order they started. */
export type TypingMap = Record<string, string[]>;

const SEND_EVERY_MS = 2000;
const IDLE_MS = 3000;
/** The server ends a typing state after 5 s without refresh; so do we, a little later. */
const SHOWN_MS = 6000;

/** `typing` with `userId` typing in `conversationId` or not; the same map when that is so already. */
export function withTyping(typing: TypingMap, conversationId: string, userId: string, isTyping: boolean): TypingMap {
  const current = typing[conversationId] ?? [];
  const others = current.filter((u) => u !== userId);
  const next = isTyping ? [...others, userId] : others;
  if (next.length === current.length && next.every((u, i) => u === current[i])) return typing;
  return { ...typing, [conversationId]: next };
}

/** `typing` without the members whose messages just arrived (they stopped typing); the same map if none was. */
export function withoutSenders(typing: TypingMap, conversationId: string, senders: ReadonlySet<string>): TypingMap {
  const current = typing[conversationId];
  if (!current?.some((u) => senders.has(u))) return typing;
  return { ...typing, [conversationId]: current.filter((u) => !senders.has(u)) };
}

export interface TypingDeps {
  store: Store;
  transport: Transport;
  /** Whether nobody can type there any more (an expired flash group). */
  isClosed(conversationId: string): boolean;
  /** The local clock (tests). */
  now?: () => number;
}

export class Typing {
  /** `conversationId/userId` → the timer that stops showing them. */
  private readonly shown = new Map<string, ReturnType<typeof setTimeout>>();
  /** conversationId → when we last told the others, and the timer of our stop. */
  private readonly own = new Map<string, { sentAt: number; idle: ReturnType<typeof setTimeout> }>();

  constructor(private readonly deps: TypingDeps) {}

  /** `userTyping` from the server. */
  onEvent(e: TypingEvent): void {
    const { store } = this.deps;
    if (e.userId === store.getState().me.id || (e.isTyping && this.deps.isClosed(e.conversationId))) return;
    const key = `${e.conversationId}/${e.userId}`;
    const old = this.shown.get(key);
    if (old) clearTimeout(old);
    this.shown.delete(key);
    if (e.isTyping) {
      this.shown.set(
        key,
        setTimeout(() => this.onEvent({ conversationId: e.conversationId, userId: e.userId, isTyping: false }), SHOWN_MS),
      );
    }
    const typing = withTyping(store.getState().typing, e.conversationId, e.userId, e.isTyping);
    if (typing !== store.getState().typing) store.set({ typing });
  }

  /** A keystroke in the composer: tells the others, at most every 2 s. */
  keystroke(conversationId: string): void {
    if (!this.deps.transport.connected || this.deps.isClosed(conversationId)) return;
    const now = (this.deps.now ?? Date.now)();
    const own = this.own.get(conversationId);
    if (own) clearTimeout(own.idle);
    const idle = setTimeout(() => this.stop(conversationId), IDLE_MS);
    if (!own || now - own.sentAt >= SEND_EVERY_MS) {
      this.deps.transport.emit("userTyping", { conversationId, isTyping: true });
      this.own.set(conversationId, { sentAt: now, idle });
    } else {
      this.own.set(conversationId, { sentAt: own.sentAt, idle });
    }
  }

  /** We stopped typing there (sent the message, went idle): tells the others, if they were told we typed. */
  stop(conversationId: string): void {
    const own = this.own.get(conversationId);
    if (!own) return;
    clearTimeout(own.idle);
    this.own.delete(conversationId);
    this.deps.transport.emit("userTyping", { conversationId, isTyping: false });
  }

  /** Nobody types in `conversationId` any more (it closed for good): nobody is shown, and we stop. */
  close(conversationId: string): void {
    const { [conversationId]: _gone, ...typing } = this.deps.store.getState().typing;
    this.deps.store.set({ typing });
    this.stop(conversationId);
  }

  /** Cancels every timer (the client stops). */
  dispose(): void {
    for (const timer of this.shown.values()) clearTimeout(timer);
    for (const own of this.own.values()) clearTimeout(own.idle);
  }
}
