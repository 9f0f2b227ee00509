import { describe, expect, it } from "vitest";
import { applyDeletion, buildTimeline, highestSeq, mergeMessages } from "./timeline";
import type { Outgoing } from "./outbox";
import { CONV, ME, msg } from "./testing";

const pending = (clientMsgId: string, content = "hi"): Outgoing => ({
  clientMsgId,
  conversationId: CONV,
  content,
  createdAt: "2024-01-01T12:00:00Z",
  status: "pending",
  attempts: 0,
});

describe("merging messages", () => {
  it("keeps ascending seq order whatever order pages and events arrive in", () => {
    const merged = mergeMessages([msg(3), msg(4)], [msg(1), msg(5), msg(2)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("shows a message received twice by id (event and ack) once", () => {
    const merged = mergeMessages([msg(1), msg(2)], [msg(2), msg(2)]);
    expect(merged.map((m) => m.id)).toEqual(["m-1", "m-2"]);
  });

  it("keeps one message per seq even when a replay carries another id", () => {
    const merged = mergeMessages([msg(1), msg(2)], [msg(2, { id: "other" })]);
    expect(merged).toHaveLength(2);
    expect(merged.map((m) => m.seq)).toEqual([1, 2]);
  });

  it("keeps the latest edit, and a deletion over an older copy", () => {
    const edited = msg(1, { content: "edited", editedAt: "2024-01-02T00:00:00Z" });
    expect(mergeMessages([edited], [msg(1)])[0]!.content).toBe("edited");
    expect(mergeMessages([msg(1)], [edited])[0]!.content).toBe("edited");
    const deleted = msg(1, { deleted: true, content: "" });
    expect(mergeMessages([deleted], [edited])[0]!.deleted).toBe(true);
  });

  it("returns the same array when nothing new arrived", () => {
    const held = [msg(1), msg(2)];
    expect(mergeMessages(held, [msg(2)])).toBe(held);
    expect(mergeMessages(held, [])).toBe(held);
  });

  it("reports the highest seq held for the next catch-up", () => {
    expect(highestSeq([])).toBe(0);
    expect(highestSeq(mergeMessages([], [msg(7), msg(3)]))).toBe(7);
  });
});

describe("deleting", () => {
  it("removes a message deleted for me and keeps a tombstone for everyone", () => {
    const held = [msg(1), msg(2)];
    expect(applyDeletion(held, "m-1", "me").map((m) => m.id)).toEqual(["m-2"]);
    const tomb = applyDeletion(held, "m-1", "everyone");
    expect(tomb[0]).toMatchObject({ id: "m-1", deleted: true, content: "" });
    expect(held[0]!.deleted).toBe(false);
  });
});

describe("the timeline", () => {
  it("shows pending messages after the stored ones, in typing order", () => {
    const items = buildTimeline([msg(1)], [pending("a"), pending("b")], ME);
    expect(items.map((i) => i.key)).toEqual(["m-1", "own:a", "own:b"]);
  });

  it("keeps the key of my message from pending to stored", () => {
    const before = buildTimeline([], [pending("a")], ME);
    const after = buildTimeline([msg(1, { senderId: ME, clientMsgId: "a" })], [], ME);
    expect(after[0]!.key).toBe(before[0]!.key);
  });

  it("shows a pending message whose clientMsgId is already stored only once, as stored", () => {
    const stored = msg(2, { senderId: ME, clientMsgId: "a", content: "hi" });
    const items = buildTimeline([msg(1), stored], [pending("a"), pending("b")], ME);
    expect(items.map((i) => i.kind)).toEqual(["stored", "stored", "pending"]);
    expect(items.filter((i) => i.kind === "stored" && i.message.clientMsgId === "a")).toHaveLength(1);
  });
});
