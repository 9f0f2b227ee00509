// Delivered and read ticks of one's own messages, from every other member's positions
// (`messagesDelivered` / `messagesRead`: everything up to `seq`); and the other way round, the
// `markAsDelivered` / `markAsRead` this client sends for what reached it and what was looked at.

import type { Member, Message, PositionEvent } from "../api/types";
import type { Store } from "./store";
import { highestSeq } from "./timeline";
import { REQUEST_TIMEOUT_MS, type Transport } from "./transport";

export interface Position {
  read: number;
  delivered: number;
}

/** conversationId → userId → position. */
export type Positions = Record<string, Record<string, Position>>;

export type Receipt = "pending" | "sent" | "delivered" | "read";

/** Records a position event; positions only move forward, and reading implies delivery. */
export function advancePosition(
  positions: Positions,
  conversationId: string,
  userId: string,
  kind: "read" | "delivered",
  seq: number,
): Positions {
  const held = positions[conversationId]?.[userId] ?? { read: 0, delivered: 0 };
  const next: Position =
    kind === "read"
      ? { read: Math.max(held.read, seq), delivered: Math.max(held.delivered, seq) }
      : { read: held.read, delivered: Math.max(held.delivered, seq) };
  if (next.read === held.read && next.delivered === held.delivered) return positions;
  return { ...positions, [conversationId]: { ...positions[conversationId], [userId]: next } };
}

/** Positions the server lists with the members of a conversation. */
export function positionsFromMembers(positions: Positions, conversationId: string, members: Member[]): Positions {
  let next = positions;
  for (const m of members) {
    if (m.readSeq) next = advancePosition(next, conversationId, m.userId, "read", m.readSeq);
    if (m.deliveredSeq) next = advancePosition(next, conversationId, m.userId, "delivered", m.deliveredSeq);
  }
  return next;
}

/** The tick of a stored message of ours: read or delivered once every other member got that far. */
export function receiptOf(
  message: Pick<Message, "seq" | "senderId">,
  me: string,
  members: readonly Member[],
  positions: Record<string, Position> | undefined,
): Receipt | null {
  if (message.senderId !== me) return null;
  const others = members.filter((m) => m.userId !== me);
  if (others.length === 0) return "sent";
  const of = (userId: string) => positions?.[userId] ?? { read: 0, delivered: 0 };
  if (others.every((m) => of(m.userId).read >= message.seq)) return "read";
  if (others.every((m) => of(m.userId).delivered >= message.seq)) return "delivered";
  return "sent";
}

/** How many conversations are marked delivered after a (re)connect: the most recently active. */
const DELIVERED_ON_CONNECT = 20;
const SAVE_POSITIONS_AFTER_MS = 200;

export interface ReceiptsDeps {
  store: Store;
  transport: Transport;
  /** Keeps the positions on the device (the ticks show before the list arrives). */
  savePositions(positions: Positions): void;
  /** Whether the page is being looked at (read receipts are only sent then). */
  visible?: boolean;
}

/**
 * The positions of the others (ticks), and ours: `markAsRead` for what is on screen, and
 * `markAsDelivered` for what arrived. Each is sent once per position, and again if it failed.
 */
export class Receipts {
  private readonly readSent: Record<string, number> = {};
  private readonly deliveredSent: Record<string, number> = {};
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private visible: boolean;

  constructor(private readonly deps: ReceiptsDeps) {
    this.visible = deps.visible ?? true;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
  }

  /** Whether someone is looking at the conversation now (open, loaded, and the page visible). */
  isReading(conversationId: string): boolean {
    const s = this.deps.store.getState();
    return this.visible && s.activeId === conversationId && !!s.threads[conversationId]?.loaded;
  }

  /** Marks everything held in the open conversation as read (when someone is looking at it). */
  markRead(id: string): void {
    const { store, transport } = this.deps;
    const s = store.getState();
    const thread = s.threads[id];
    const summary = s.conversations[id];
    if (!thread?.loaded || !this.isReading(id) || s.expired[id]) return;
    const seq = highestSeq(thread.messages);
    if (summary && summary.unreadCount !== 0) store.patchConversation(id, { unreadCount: 0, readSeq: Math.max(summary.readSeq, seq) });
    if (seq <= Math.max(this.readSent[id] ?? 0, summary?.readSeq ?? 0) || !transport.connected) return;
    this.readSent[id] = seq;
    transport.request("markAsRead", { conversationId: id, seq }, REQUEST_TIMEOUT_MS).then(
      (ack) => {
        if (!ack.ok && this.readSent[id] === seq) delete this.readSent[id];
      },
      () => {
        if (this.readSent[id] === seq) delete this.readSent[id];
      },
    );
  }

  /** Tells the server everything up to `seq` reached this device. */
  markDelivered(id: string, seq: number): void {
    const { store, transport } = this.deps;
    if (seq <= (this.deliveredSent[id] ?? 0) || !transport.connected || store.getState().expired[id]) return;
    const before = this.deliveredSent[id];
    this.deliveredSent[id] = seq;
    const undo = () => {
      if (this.deliveredSent[id] === seq) this.deliveredSent[id] = before ?? 0;
    };
    transport
      .request("markAsDelivered", { conversationId: id, seq }, REQUEST_TIMEOUT_MS)
      .then((ack) => (ack.ok ? undefined : undo()), undo);
  }

  /** After connecting: what arrived while away is now delivered (the most recent conversations). */
  markAllDelivered(): void {
    const s = this.deps.store.getState();
    Object.values(s.conversations)
      .filter((c) => c.unreadCount > 0 && c.lastMessage && c.lastMessage.senderId !== s.me.id)
      .sort((a, b) => b.lastSeq - a.lastSeq)
      .slice(0, DELIVERED_ON_CONNECT)
      .forEach((c) => this.markDelivered(c.id, c.lastSeq));
  }

  /** `messagesRead` / `messagesDelivered`: someone's position moved (ours: read on another device). */
  onPosition(e: PositionEvent, kind: "read" | "delivered"): void {
    const { store } = this.deps;
    const s = store.getState();
    const positions = advancePosition(s.positions, e.conversationId, e.userId, kind, e.seq);
    if (positions !== s.positions) {
      store.set({ positions });
      this.saveSoon();
    }
    if (kind === "read" && e.userId === s.me.id) {
      // Read in another tab or device.
      const c = store.getState().conversations[e.conversationId];
      if (c && e.seq > c.readSeq) {
        store.patchConversation(e.conversationId, { readSeq: e.seq, unreadCount: e.seq >= c.lastSeq ? 0 : c.unreadCount });
      }
    }
  }

  /** Saves the positions now if a save is waiting (the client stops). */
  flush(): void {
    if (!this.saveTimer) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.deps.savePositions(this.deps.store.getState().positions);
  }

  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.deps.savePositions(this.deps.store.getState().positions);
    }, SAVE_POSITIONS_AFTER_MS);
  }
}
