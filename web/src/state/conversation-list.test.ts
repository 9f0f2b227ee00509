import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConversationSummary } from "../api/types";
import { ConversationList } from "./conversation-list";
import { CONV, ME, PEER, loaded, storeWith, summary } from "./testing";

const OTHER = "00000000-0000-4000-8000-0000000000c2";

afterEach(() => vi.useRealTimers());

function harness(fresh: () => Promise<ConversationSummary[]> = async () => [summary()]) {
  const store = storeWith();
  const events: string[] = [];
  let loads = 0;
  const list = new ConversationList({
    store,
    api: { conversations: () => (loads++, fresh()) },
    expire: (id, reason) => events.push(`expire ${id} ${reason}`),
    ensureUsers: (ids) => events.push(`users ${[...new Set(ids)].join(",")}`),
    dropQueued: (id) => events.push(`drop ${id}`),
    stopped: () => false,
  });
  return { store, list, events, loads: () => loads };
}

describe("the conversation list", () => {
  it("loads once at a time however often it is asked, and fetches the members' profiles", async () => {
    const h = harness();
    await Promise.all([h.list.refresh(), h.list.refresh()]);
    expect(h.loads()).toBe(1);
    expect(h.store.getState()).toMatchObject({ listLoaded: true });
    expect(Object.keys(h.store.getState().conversations)).toEqual([CONV]);
    expect(h.events).toEqual([`users ${ME},${PEER}`]);
    await h.list.refresh();
    expect(h.loads()).toBe(2);
  });

  it("closes the open conversation and drops the messages of one no longer listed", async () => {
    const h = harness();
    h.store.set({ conversations: { [OTHER]: summary({ id: OTHER }) }, threads: { [OTHER]: loaded([]) }, activeId: OTHER });
    await h.list.refresh();
    const s = h.store.getState();
    expect(s.conversations[OTHER]).toBeUndefined();
    expect(s.threads[OTHER]).toBeUndefined();
    expect(s.activeId).toBeNull();
  });

  it("says why when the list cannot be loaded", async () => {
    const h = harness(async () => {
      throw new Error("HTTP 502");
    });
    await h.list.refresh();
    expect(h.store.getState()).toMatchObject({ listLoaded: false, notice: "Could not load conversations: HTTP 502" });
  });

  it("reloads once, shortly after a burst of news about conversations it does not hold", async () => {
    vi.useFakeTimers();
    const h = harness();
    h.list.refreshSoon();
    h.list.refreshSoon();
    await vi.advanceTimersByTimeAsync(299);
    expect(h.loads()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.loads()).toBe(1);
  });

  it("takes in a conversation created or changed, with its members' positions", () => {
    const h = harness();
    h.list.upsert(summary({ name: "Renamed", members: [{ userId: ME, role: "owner" }, { userId: PEER, role: "member", readSeq: 4 }] }));
    const s = h.store.getState();
    expect(s.conversations[CONV]!.name).toBe("Renamed");
    expect(s.positions[CONV]![PEER]).toEqual({ read: 4, delivered: 4 });
  });

  it("ignores news of an expired flash group, and drops a conversation I am no longer in", () => {
    const h = harness();
    h.store.set({ conversations: { [CONV]: summary() }, expired: { [OTHER]: { at: 0, reason: "event" } } });
    h.list.upsert(summary({ id: OTHER }));
    expect(h.store.getState().conversations[OTHER]).toBeUndefined();
    h.list.upsert(summary({ members: [{ userId: PEER, role: "owner" }] }));
    expect(h.store.getState().conversations[CONV]).toBeUndefined();
  });

  it("drops what was queued for an expired group when it leaves the list", () => {
    const h = harness();
    h.store.set({ conversations: { [CONV]: summary({ kind: "flash" }) }, expired: { [CONV]: { at: 0, reason: "event" } } });
    h.list.remove(CONV);
    expect(h.events).toEqual([`drop ${CONV}`]);
    expect(h.store.getState()).toMatchObject({ conversations: {}, expired: {} });
  });

  it("adds a member once and fetches their profile; removing me takes the conversation away", () => {
    const h = harness();
    h.store.set({ conversations: { [CONV]: summary({ members: [{ userId: ME, role: "member" }] }) }, activeId: CONV });
    h.list.onMemberAdded({ conversationId: CONV, userId: PEER });
    h.list.onMemberAdded({ conversationId: CONV, userId: PEER });
    expect(h.store.getState().conversations[CONV]!.members.map((m) => m.userId)).toEqual([ME, PEER]);
    expect(h.events).toEqual([`users ${PEER}`]);
    h.list.onMemberRemoved({ conversationId: CONV, userId: PEER });
    expect(h.store.getState().conversations[CONV]!.members.map((m) => m.userId)).toEqual([ME]);
    h.list.onMemberRemoved({ conversationId: CONV, userId: ME });
    expect(h.store.getState()).toMatchObject({ conversations: {}, activeId: null });
  });
});
