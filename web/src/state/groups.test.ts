import { describe, expect, it } from "vitest";
import { ApiError } from "../api/rest";
import type { Conversation, Role } from "../api/types";
import { Groups, groupDetails, type GroupApi } from "./groups";
import { CONV, ME, PEER, summary, user } from "./testing";

/** A server holding one group (CONV, owned by ME), recording the calls; the list is a plain map. */
function harness() {
  const calls: string[] = [];
  let group: Conversation = summary({ kind: "group", name: "Team", members: [{ userId: ME, role: "owner" }] });
  const refuse = { next: false };
  const step = (call: string) => {
    calls.push(call);
    if (refuse.next) throw new ApiError(403, "forbidden", "not allowed");
  };
  const api: GroupApi = {
    conversation: async () => group,
    createConversation: async (body) => {
      step(`create ${JSON.stringify(body)}`);
      return summary({ id: "new", kind: body.kind, name: body.name ?? null, description: body.description ?? null });
    },
    createFlashGroup: async (body) => {
      step(`flash ${JSON.stringify(body)}`);
      return summary({ id: "new", kind: "flash", name: body.name });
    },
    updateConversation: async (_id, patch) => {
      step(`update ${JSON.stringify(patch)}`);
      group = { ...group, ...patch };
      return group;
    },
    addMember: async (_id, userId) => {
      step(`add ${userId}`);
      group = { ...group, members: [...group.members, { userId, role: "member" }] };
      return { userId, role: "member" };
    },
    setRole: async (_id, userId, role: Role) => {
      step(`role ${userId} ${role}`);
      group = { ...group, members: group.members.map((m) => (m.userId === userId ? { ...m, role } : m)) };
      return { userId, role };
    },
    removeMember: async (_id, userId) => {
      step(`remove ${userId}`);
      group = { ...group, members: group.members.filter((m) => m.userId !== userId) };
    },
    deleteConversation: async () => step("delete"),
  };
  const list = new Map<string, Conversation>();
  const remembered: string[] = [];
  const groups = new Groups({
    api,
    me: () => ME,
    upsert: (c) => list.set(c.id, c),
    remove: (id) => list.delete(id),
    rememberUser: (u) => remembered.push(u.id),
  });
  return { groups, calls, list, remembered, refuse };
}

describe("group writes", () => {
  it("trims a group's name and description, and clears an emptied description", () => {
    expect(groupDetails("  Team  ", "  ours ")).toEqual({ name: "Team", description: "ours" });
    expect(groupDetails("Team", "   ")).toEqual({ name: "Team", description: null });
  });

  it("creates a group without an empty description, and lists it before answering", async () => {
    const h = harness();
    const c = await h.groups.createGroup(" Team ", " ", [PEER]);
    expect(h.calls).toEqual([`create ${JSON.stringify({ kind: "group", name: "Team", memberIds: [PEER] })}`]);
    expect(h.list.get(c.id)).toBe(c);
  });

  it("creates direct chats and flash groups, listed at once", async () => {
    const h = harness();
    await h.groups.createDirect(PEER);
    await h.groups.createFlash(" Lunch ", [PEER], 600);
    expect(h.calls).toEqual([
      `create ${JSON.stringify({ kind: "direct", memberIds: [PEER] })}`,
      `flash ${JSON.stringify({ name: "Lunch", memberIds: [PEER], ttlSeconds: 600 })}`,
    ]);
    expect(h.list.get("new")?.kind).toBe("flash");
  });

  it("takes the server's view of the group into the list after each change", async () => {
    const h = harness();
    await h.groups.saveDetails(CONV, " Renamed ", "");
    expect(h.list.get(CONV)).toMatchObject({ name: "Renamed", description: null });
    await h.groups.addMember(CONV, user(PEER));
    expect(h.remembered).toEqual([PEER]);
    await h.groups.setRole(CONV, PEER, "admin");
    expect(h.list.get(CONV)!.members).toEqual([
      { userId: ME, role: "owner" },
      { userId: PEER, role: "admin" },
    ]);
    await h.groups.removeMember(CONV, PEER);
    expect(h.list.get(CONV)!.members).toEqual([{ userId: ME, role: "owner" }]);
  });

  it("leaves a group by removing me, then takes it off the list", async () => {
    const h = harness();
    h.list.set(CONV, summary());
    await h.groups.leave(CONV);
    expect(h.calls).toEqual([`remove ${ME}`]);
    expect(h.list.has(CONV)).toBe(false);
  });

  it("deletes a group for everyone, then takes it off the list", async () => {
    const h = harness();
    h.list.set(CONV, summary());
    await h.groups.destroy(CONV);
    expect(h.calls).toEqual(["delete"]);
    expect(h.list.has(CONV)).toBe(false);
  });

  it("leaves the list as it was when the server refuses a change, and passes the error on", async () => {
    const h = harness();
    const held = summary();
    h.list.set(CONV, held);
    h.refuse.next = true;
    await expect(h.groups.leave(CONV)).rejects.toThrow("not allowed");
    await expect(h.groups.setRole(CONV, PEER, "owner")).rejects.toBeInstanceOf(ApiError);
    expect(h.list.get(CONV)).toBe(held);
  });
});
