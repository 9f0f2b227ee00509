import { describe, expect, it } from "vitest";
import { mergeList, sortByActivity, titleOf, withMessage } from "./conversations";
import { ME, PEER, msg, summary, user } from "./testing";

describe("the conversation list", () => {
  it("puts the most recently active conversation first", () => {
    const quiet = summary({ id: "a", createdAt: "2024-01-01T00:00:00Z" });
    const busy = summary({ id: "b", lastMessage: msg(1), lastSeq: 1 });
    const fresh = summary({ id: "c", createdAt: "2024-06-01T00:00:00Z" });
    expect(sortByActivity([quiet, busy, fresh]).map((c) => c.id)).toEqual(["c", "b", "a"]);
  });

  it("counts a new message from someone else as unread once, and none of mine", () => {
    let c = summary();
    c = withMessage(c, msg(1), ME, false);
    c = withMessage(c, msg(1), ME, false);
    c = withMessage(c, msg(2, { senderId: ME }), ME, false);
    expect(c.unreadCount).toBe(1);
    expect(c.lastSeq).toBe(2);
    expect(c.lastMessage?.seq).toBe(2);
  });

  it("counts nothing as unread in the conversation being read", () => {
    expect(withMessage(summary(), msg(1), ME, true).unreadCount).toBe(0);
  });

  it("keeps what live events brought when the server list is older", () => {
    const held = { [summary().id]: summary({ lastSeq: 5, lastMessage: msg(5), unreadCount: 2 }) };
    const merged = mergeList(held, [summary({ lastSeq: 4, lastMessage: msg(4), unreadCount: 1, name: "renamed" })]);
    expect(Object.values(merged)[0]).toMatchObject({ lastSeq: 5, unreadCount: 2, name: "renamed" });
  });

  it("drops conversations the server no longer lists", () => {
    expect(mergeList({ x: summary({ id: "x" }) }, [])).toEqual({});
  });

  it("titles a direct chat with the other person's name and a group with its name", () => {
    const users = { [PEER]: user(PEER, "Bob") };
    expect(titleOf(summary(), ME, users)).toBe("User Bob");
    expect(titleOf(summary({ kind: "group", name: "Team" }), ME, users)).toBe("Team");
    const left = summary({ members: [{ userId: ME, role: "member" }] });
    expect(titleOf(left, ME, users)).toBe("Deleted user");
  });
});
