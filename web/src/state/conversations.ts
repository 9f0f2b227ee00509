// The conversation list: titles, activity order, and the effect of live messages on it.

import type { Conversation, ConversationSummary, Message, User } from "../api/types";

/** When a conversation was last active: its newest message, else its creation. */
export function activityOf(c: ConversationSummary): number {
  return Date.parse(c.lastMessage?.createdAt ?? c.createdAt) || 0;
}

/** Most recently active first (ties: newest created first, then id, so the order is stable). */
export function sortByActivity(list: readonly ConversationSummary[]): ConversationSummary[] {
  return [...list].sort(
    (a, b) => activityOf(b) - activityOf(a) || Date.parse(b.createdAt) - Date.parse(a.createdAt) || a.id.localeCompare(b.id),
  );
}

/** The other member of a direct conversation; none once their account is deleted. */
export function peerOf(c: Conversation, me: string): string | undefined {
  if (c.kind !== "direct") return undefined;
  return c.members.find((m) => m.userId !== me)?.userId;
}

export function displayName(user: User | undefined, fallback = "Someone"): string {
  return user?.displayName || (user ? `@${user.username}` : fallback);
}

export function titleOf(c: Conversation, me: string, users: Record<string, User>): string {
  if (c.kind === "direct") {
    const peer = peerOf(c, me);
    return displayName(peer ? users[peer] : undefined, c.members.length === 1 ? "Deleted user" : "Direct chat");
  }
  return c.name || "Unnamed group";
}

/** A summary for a conversation just created or joined (nothing read yet). */
export function summaryOf(c: Conversation, held?: ConversationSummary): ConversationSummary {
  return {
    lastMessage: null,
    unreadCount: 0,
    readSeq: 0,
    ...held,
    ...c,
    lastSeq: Math.max(c.lastSeq, held?.lastSeq ?? 0),
  };
}

/**
 * The list entry after a live message. A message at or below the known `lastSeq` was already
 * counted (a replayed event, an ack after the broadcast): it changes nothing but its content.
 */
export function withMessage(
  c: ConversationSummary,
  message: Message,
  me: string,
  readingNow: boolean,
): ConversationSummary {
  if (message.seq <= c.lastSeq) {
    if (c.lastMessage?.id === message.id) return { ...c, lastMessage: message };
    return c;
  }
  const unread = message.senderId !== me && !readingNow && message.seq > c.readSeq;
  return {
    ...c,
    lastSeq: message.seq,
    lastMessage: message,
    unreadCount: unread ? c.unreadCount + 1 : c.unreadCount,
  };
}

/** Merges a fresh list from the server with what live events already brought. */
export function mergeList(
  held: Record<string, ConversationSummary>,
  fresh: readonly ConversationSummary[],
): Record<string, ConversationSummary> {
  const next: Record<string, ConversationSummary> = {};
  for (const c of fresh) {
    const mine = held[c.id];
    if (mine && mine.lastSeq > c.lastSeq) {
      next[c.id] = { ...c, lastSeq: mine.lastSeq, lastMessage: mine.lastMessage, unreadCount: mine.unreadCount };
    } else {
      next[c.id] = c;
    }
  }
  return next;
}

export function lastMessagePreview(m: Message | null | undefined): string {
  if (!m) return "No messages yet";
  if (m.deleted) return "Message deleted";
  if (m.type === "image") return "Photo";
  if (m.type === "file") return "File";
  return m.content;
}
