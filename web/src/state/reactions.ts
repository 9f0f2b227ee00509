// Reactions on messages: `reactionsUpdated` carries counts for the whole room, so `mine` is kept
// here and changes only when the event is about our own reaction.

import type { Message, Reaction, ReactionsEvent } from "../api/types";

/** The reactions a message shows after `e`, `me` being the reader. */
export function applyReactions(held: readonly Reaction[], e: ReactionsEvent, me: string): Reaction[] {
  const mine = new Set(held.filter((r) => r.mine).map((r) => r.emoji));
  if (e.userId === me) {
    if (e.reacted) mine.add(e.emoji);
    else mine.delete(e.emoji);
  }
  return e.reactions.map((r) => ({ emoji: r.emoji, count: r.count, mine: mine.has(r.emoji) }));
}

/** Whether tapping `emoji` on `message` adds our reaction (or takes it back). */
export function adds(message: Message, emoji: string): boolean {
  return !message.reactions?.some((r) => r.emoji === emoji && r.mine);
}

/** The emoji offered for a quick reaction. */
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "🎉", "😮", "😢"] as const;
