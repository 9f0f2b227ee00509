import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConversationSummary } from "../api/types";
import { Receipts, advancePosition, receiptOf, type Positions } from "./receipts";
import { CONV, FakeTransport, ME, PEER, loaded, msg, settle, storeWith, summary } from "./testing";

const THIRD = "third";
const members = [
  { userId: ME, role: "owner" as const },
  { userId: PEER, role: "member" as const },
];

describe("receipts", () => {
  it("ticks a message of mine sent, then delivered, then read as the peer's positions move", () => {
    let p = {};
    const mine = { seq: 3, senderId: ME };
    expect(receiptOf(mine, ME, members, undefined)).toBe("sent");
    p = advancePosition(p, CONV, PEER, "delivered", 3);
    expect(receiptOf(mine, ME, members, p[CONV as keyof typeof p])).toBe("delivered");
    p = advancePosition(p, CONV, PEER, "read", 5);
    expect(receiptOf(mine, ME, members, p[CONV as keyof typeof p])).toBe("read");
  });

  it("shows no tick on other people's messages", () => {
    expect(receiptOf({ seq: 1, senderId: PEER }, ME, members, undefined)).toBeNull();
  });

  it("needs every other member of a group before saying read", () => {
    const group = [...members, { userId: THIRD, role: "member" as const }];
    let p = advancePosition({}, CONV, PEER, "read", 4);
    expect(receiptOf({ seq: 4, senderId: ME }, ME, group, p[CONV])).toBe("sent");
    p = advancePosition(p, CONV, THIRD, "delivered", 4);
    expect(receiptOf({ seq: 4, senderId: ME }, ME, group, p[CONV])).toBe("delivered");
  });

  it("never moves a position back, and counts a read as delivered", () => {
    let p = advancePosition({}, CONV, PEER, "read", 5);
    expect(p[CONV]![PEER]).toEqual({ read: 5, delivered: 5 });
    const same = advancePosition(p, CONV, PEER, "delivered", 2);
    expect(same).toBe(p);
    p = advancePosition(p, CONV, PEER, "read", 3);
    expect(p[CONV]![PEER]).toEqual({ read: 5, delivered: 5 });
  });
});

afterEach(() => vi.useRealTimers());

/** CONV open on screen with messages 1–3 from the peer, none read yet. */
function harness(visible = true) {
  const store = storeWith({
    activeId: CONV,
    conversations: { [CONV]: summary({ lastSeq: 3, unreadCount: 3, lastMessage: msg(3) }) },
    threads: { [CONV]: loaded([msg(1), msg(2), msg(3)]) },
  });
  const transport = new FakeTransport();
  transport.connect();
  const saved: Positions[] = [];
  const receipts = new Receipts({ store, transport, visible, savePositions: (p) => saved.push(p) });
  const sent = (event: "markAsRead" | "markAsDelivered") => transport.emitted(event).map((p) => p.seq);
  return { store, transport, receipts, saved, sent };
}

describe("the receipts this client sends", () => {
  it("marks the open conversation read up to the newest message held, once", async () => {
    const h = harness();
    h.receipts.markRead(CONV);
    h.receipts.markRead(CONV);
    await settle();
    expect(h.sent("markAsRead")).toEqual([3]);
    expect(h.store.getState().conversations[CONV]).toMatchObject({ unreadCount: 0, readSeq: 3 });
  });

  it("sends the read receipt again after the server refused it", async () => {
    const h = harness();
    h.transport.answer("markAsRead", () => ({ ok: false, error: { code: "internal", message: "try later" } }));
    h.receipts.markRead(CONV);
    await settle();
    h.transport.answer("markAsRead", () => ({ ok: true, seq: 3 }));
    h.store.patchConversation(CONV, { unreadCount: 1, readSeq: 0 });
    h.receipts.markRead(CONV);
    await settle();
    expect(h.sent("markAsRead")).toEqual([3, 3]);
  });

  it("reads nothing while the page is hidden or the conversation is not the one on screen", () => {
    const hidden = harness(false);
    hidden.receipts.markRead(CONV);
    expect(hidden.receipts.isReading(CONV)).toBe(false);
    const elsewhere = harness();
    elsewhere.store.set({ activeId: null });
    elsewhere.receipts.markRead(CONV);
    expect([...hidden.sent("markAsRead"), ...elsewhere.sent("markAsRead")]).toEqual([]);
    hidden.receipts.setVisible(true);
    expect(hidden.receipts.isReading(CONV)).toBe(true);
  });

  it("marks delivered only forward, and again once a refused position is retried", async () => {
    const h = harness();
    let refuse = true;
    h.transport.answer("markAsDelivered", () => (refuse ? { ok: false, error: { code: "internal", message: "" } } : { ok: true, seq: 0 }));
    h.receipts.markDelivered(CONV, 2);
    await settle();
    refuse = false;
    h.receipts.markDelivered(CONV, 2);
    h.receipts.markDelivered(CONV, 1);
    h.receipts.markDelivered(CONV, 2);
    await settle();
    expect(h.sent("markAsDelivered")).toEqual([2, 2]);
  });

  it("says nothing for an expired flash group", () => {
    const h = harness();
    h.store.set({ expired: { [CONV]: { at: 0, reason: "event" } } });
    h.receipts.markRead(CONV);
    h.receipts.markDelivered(CONV, 3);
    expect(h.transport.sent).toEqual([]);
  });

  it("marks the twenty most recently active conversations with news from others delivered after connecting", () => {
    const h = harness();
    const conversations: Record<string, ConversationSummary> = {};
    for (let i = 1; i <= 25; i++) {
      conversations[`c${i}`] = summary({ id: `c${i}`, lastSeq: i, unreadCount: 1, lastMessage: msg(i, { conversationId: `c${i}` }) });
    }
    conversations.mine = summary({ id: "mine", lastSeq: 99, unreadCount: 1, lastMessage: msg(99, { senderId: ME }) });
    conversations.read = summary({ id: "read", lastSeq: 98, unreadCount: 0, lastMessage: msg(98) });
    h.store.set({ conversations });
    h.receipts.markAllDelivered();
    expect(h.sent("markAsDelivered")).toEqual(Array.from({ length: 20 }, (_, i) => 25 - i));
  });

  it("moves the others' positions forward and saves them once shortly after a burst", () => {
    vi.useFakeTimers();
    const h = harness();
    h.receipts.onPosition({ conversationId: CONV, userId: PEER, seq: 2, at: "" }, "delivered");
    h.receipts.onPosition({ conversationId: CONV, userId: PEER, seq: 3, at: "" }, "read");
    h.receipts.onPosition({ conversationId: CONV, userId: PEER, seq: 1, at: "" }, "read");
    expect(h.store.getState().positions[CONV]![PEER]).toEqual({ read: 3, delivered: 3 });
    expect(h.saved).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(h.saved).toEqual([h.store.getState().positions]);
  });

  it("saves waiting positions at once when flushed, and nothing when none wait", () => {
    const h = harness();
    h.receipts.flush();
    expect(h.saved).toHaveLength(0);
    h.receipts.onPosition({ conversationId: CONV, userId: PEER, seq: 2, at: "" }, "read");
    h.receipts.flush();
    expect(h.saved).toHaveLength(1);
  });

  it("takes our own read position from another device: the unread count follows", () => {
    const h = harness();
    h.receipts.onPosition({ conversationId: CONV, userId: ME, seq: 2, at: "" }, "read");
    expect(h.store.getState().conversations[CONV]).toMatchObject({ readSeq: 2, unreadCount: 3 });
    h.receipts.onPosition({ conversationId: CONV, userId: ME, seq: 3, at: "" }, "read");
    expect(h.store.getState().conversations[CONV]).toMatchObject({ readSeq: 3, unreadCount: 0 });
  });
});
