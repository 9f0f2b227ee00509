// A conversation's messages as the client holds them: stored messages kept in ascending `seq`,
// unique by `id` and by `seq`, merged from history pages, syncs, live events and acks in any order.

import type { DeleteScope, Message } from "../api/types";
import type { Outgoing } from "./outbox";

/** What the client holds of one conversation's history. */
export interface Thread {
  /** Stored messages, ascending `seq`, no two with the same `id` or `seq`. */
  messages: Message[];
  /** Older messages exist on the server (scrolling up asks for them with `beforeSeq`). */
  hasMoreBefore: boolean;
  /** The newest page has arrived. */
  loaded: boolean;
  loadingOlder: boolean;
}

export const emptyThread: Thread = { messages: [], hasMoreBefore: false, loaded: false, loadingOlder: false };

/**
 * The later of two versions of one message (`b` the one just received): a deletion wins, then the
 * latest edit; on a tie, `b` when its file links differ (links expire, and the server signed
 * `b`'s later), else `a`.
 */
function newer(a: Message, b: Message): Message {
  if (a.deleted !== b.deleted) return a.deleted ? a : b;
  const ea = a.editedAt ? Date.parse(a.editedAt) : 0;
  const eb = b.editedAt ? Date.parse(b.editedAt) : 0;
  if (ea !== eb) return eb > ea ? b : a;
  return links(a) === links(b) ? a : b;
}

const links = (m: Message) => m.attachments.map((f) => `${f.url} ${f.thumbnailUrl ?? ""}`).join("\n");

/**
 * Merges `incoming` into `current` (both from one conversation). A message already held, by `id`
 * or by `seq`, is kept once, in its latest version. Returns `current` itself when nothing changed,
 * so views that compare by reference do not redraw.
 */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return current as Message[];
  const bySeq = new Map<number, Message>();
  const seqOfId = new Map<string, number>();
  for (const m of current) {
    bySeq.set(m.seq, m);
    seqOfId.set(m.id, m.seq);
  }
  let changed = false;
  for (const m of incoming) {
    const heldSeq = seqOfId.get(m.id);
    if (heldSeq !== undefined && heldSeq !== m.seq) {
      // Same message under another seq cannot happen on one server; trust the newest answer.
      bySeq.delete(heldSeq);
    }
    const held = bySeq.get(m.seq);
    const next = held && held.id === m.id ? newer(held, m) : m;
    if (next !== held) {
      if (held && held.id !== m.id) seqOfId.delete(held.id);
      bySeq.set(m.seq, next);
      seqOfId.set(m.id, m.seq);
      changed = true;
    }
  }
  if (!changed) return current as Message[];
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The highest `seq` held, 0 when none: the `afterSeq` of the next catch-up. */
export function highestSeq(messages: readonly Message[]): number {
  return messages.length === 0 ? 0 : messages[messages.length - 1]!.seq;
}

/** The lowest `seq` held: the `beforeSeq` of the next page of older history. */
export function lowestSeq(messages: readonly Message[]): number | undefined {
  return messages[0]?.seq;
}

/** Applies `messageDeleted`: gone from this view (`me`), or kept as a tombstone (`everyone`). */
export function applyDeletion(messages: readonly Message[], id: string, scope: DeleteScope): Message[] {
  const index = messages.findIndex((m) => m.id === id);
  if (index < 0) return messages as Message[];
  if (scope === "me") return messages.filter((m) => m.id !== id);
  const held = messages[index]!;
  if (held.deleted) return messages as Message[];
  const copy = messages.slice();
  copy[index] = { ...held, deleted: true, content: "", attachments: [] };
  return copy;
}

/** One row of the chat view: a stored message, or one of ours still waiting for its ack. */
export type TimelineItem =
  | { kind: "stored"; key: string; message: Message }
  | { kind: "pending"; key: string; outgoing: Outgoing };

/**
 * Stored messages in `seq` order, then our unacknowledged ones in the order they were typed.
 * A pending message whose `clientMsgId` is already stored is shown once, as the stored one.
 * Our own messages keep one key from pending to stored (`own:<clientMsgId>`), so the row is
 * updated in place rather than replaced (and keeps the keyboard focus).
 */
export function buildTimeline(messages: readonly Message[], pending: readonly Outgoing[], me?: string): TimelineItem[] {
  const stored = new Set<string>();
  const items: TimelineItem[] = [];
  for (const m of messages) {
    const own = me !== undefined && m.senderId === me && m.clientMsgId;
    if (own) stored.add(m.clientMsgId!);
    items.push({ kind: "stored", key: own ? `own:${m.clientMsgId}` : m.id, message: m });
  }
  for (const o of pending) {
    if (!stored.has(o.clientMsgId)) items.push({ kind: "pending", key: `own:${o.clientMsgId}`, outgoing: o });
  }
  return items;
}
