// Delivered and read ticks of one's own messages, from every other member's positions
// (`messagesDelivered` / `messagesRead`: everything up to `seq`).

import type { Member, Message } from "../api/types";

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
