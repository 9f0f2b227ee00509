import { describe, expect, it } from "vitest";
import type { Message } from "../api/types";
import { adds, applyReactions } from "./reactions";

const event = (userId: string, emoji: string, reacted: boolean, counts: [string, number][]) => ({
  conversationId: "c",
  messageId: "m",
  userId,
  emoji,
  reacted,
  reactions: counts.map(([emoji, count]) => ({ emoji, count })),
});

describe("reactions", () => {
  it("keeps the reader's own flags when someone else reacts", () => {
    const held = [{ emoji: "👍", count: 1, mine: true }];
    expect(applyReactions(held, event("bob", "❤️", true, [["👍", 1], ["❤️", 1]]), "me")).toEqual([
      { emoji: "👍", count: 1, mine: true },
      { emoji: "❤️", count: 1, mine: false },
    ]);
  });

  it("turns the reader's flag on or off when the event is about their own reaction", () => {
    const added = applyReactions([], event("me", "🎉", true, [["🎉", 2]]), "me");
    expect(added).toEqual([{ emoji: "🎉", count: 2, mine: true }]);
    expect(applyReactions(added, event("me", "🎉", false, [["🎉", 1]]), "me")).toEqual([{ emoji: "🎉", count: 1, mine: false }]);
    expect(applyReactions(added, event("me", "🎉", false, []), "me")).toEqual([]);
  });

  it("adds a reaction the reader does not have and takes back one they have", () => {
    const message = { reactions: [{ emoji: "👍", count: 2, mine: true }, { emoji: "❤️", count: 1, mine: false }] } as Message;
    expect(adds(message, "👍")).toBe(false);
    expect(adds(message, "❤️")).toBe(true);
    expect(adds({} as Message, "👍")).toBe(true);
  });
});
