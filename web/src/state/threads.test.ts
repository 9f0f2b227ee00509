import { describe, expect, it } from "vitest";
import type { HistoryPage, Message } from "../api/types";
import { Threads, type ThreadsDeps } from "./threads";
import { CONV, FakeTransport, ME, loaded, msg, settle, storeWith, summary } from "./testing";

/** Threads over a store with CONV on the list; `history` answers the REST pages. */
function harness(history: (q: { beforeSeq?: number; limit?: number }) => Promise<HistoryPage> = async () => ({ items: [], hasMore: false })) {
  const store = storeWith({ conversations: { [CONV]: summary() } });
  const transport = new FakeTransport();
  transport.connect();
  const events: string[] = [];
  const reading = { now: false };
  const deps: ThreadsDeps = {
    store,
    api: { history: (_id, q) => history(q) },
    transport,
    receipts: {
      isReading: () => reading.now,
      markRead: (id) => events.push(`read ${id}`),
      markDelivered: (id, seq) => events.push(`delivered ${id} ${seq}`),
    },
    listStale: () => events.push("list stale"),
    expiredByNotFound: () => false,
    remove: (id) => events.push(`remove ${id}`),
    stopped: () => false,
  };
  const threads = new Threads(deps);
  const seqs = () => store.getState().threads[CONV]?.messages.map((m) => m.seq);
  return { store, transport, threads, events, reading, seqs };
}

describe("the threads held", () => {
  it("keeps live messages that arrived while the newest page was on its way", async () => {
    let answer!: (page: HistoryPage) => void;
    const h = harness(() => new Promise((resolve) => (answer = resolve)));
    h.threads.open(CONV);
    h.threads.accept(CONV, [msg(3)], true);
    answer({ items: [msg(1), msg(2)], hasMore: true });
    await settle();
    expect(h.seqs()).toEqual([1, 2, 3]);
    expect(h.store.getState().threads[CONV]).toMatchObject({ loaded: true, hasMoreBefore: true });
  });

  it("forgets the thread and says so when its newest page cannot be loaded", async () => {
    const h = harness(async () => {
      throw new Error("HTTP 500");
    });
    h.threads.open(CONV);
    await settle();
    expect(h.store.getState().threads[CONV]).toBeUndefined();
    expect(h.store.getState().notice).toBe("Could not load messages: HTTP 500");
  });

  it("marks an open thread read instead of loading it again", async () => {
    let pages = 0;
    const h = harness(async () => (pages++, { items: [msg(1)], hasMore: false }));
    h.threads.open(CONV);
    await settle();
    h.threads.open(CONV);
    expect(pages).toBe(1);
    expect(h.events.filter((e) => e.startsWith("read"))).toEqual([`read ${CONV}`, `read ${CONV}`]);
  });

  it("counts live messages from others as unread and delivered, and mine as neither", () => {
    const h = harness();
    h.threads.accept(CONV, [msg(1), msg(2, { senderId: ME })], true);
    expect(h.store.getState().conversations[CONV]).toMatchObject({ lastSeq: 2, unreadCount: 1 });
    expect(h.events).toEqual([`delivered ${CONV} 1`]);
  });

  it("counts nothing unread while someone is reading, and marks it read", () => {
    const h = harness();
    h.store.set({ threads: { [CONV]: loaded([]) } });
    h.reading.now = true;
    h.threads.accept(CONV, [msg(1)], true);
    expect(h.store.getState().conversations[CONV]!.unreadCount).toBe(0);
    expect(h.events).toEqual([`delivered ${CONV} 1`, `read ${CONV}`]);
  });

  it("asks for the list again when a message comes from a conversation not on it", () => {
    const h = harness();
    h.threads.accept("elsewhere", [msg(1, { conversationId: "elsewhere" })], true);
    expect(h.events[0]).toBe("list stale");
  });

  it("catches up once at a time per conversation, however often it is asked", async () => {
    const h = harness();
    h.store.set({ threads: { [CONV]: loaded([msg(1)]) } });
    let release!: () => void;
    h.transport.answer("syncConversation", () => new Promise((resolve) => (release = () => resolve({ ok: true, messages: [msg(2)], hasMore: false }))));
    const first = h.threads.resync(CONV);
    const second = h.threads.resync(CONV);
    expect(second).toBe(first);
    release();
    await first;
    expect(h.transport.emitted("syncConversation")).toEqual([{ conversationId: CONV, afterSeq: 1, limit: 100 }]);
    expect(h.seqs()).toEqual([1, 2]);
  });

  it("takes a conversation the server no longer knows off the list when catching up", async () => {
    const h = harness();
    h.store.set({ threads: { [CONV]: loaded([msg(1)]) } });
    h.transport.answer("syncConversation", () => ({ ok: false, error: { code: "not_found", message: "no such conversation" } }));
    await h.threads.resync(CONV);
    expect(h.events).toEqual([`remove ${CONV}`]);
  });

  it("keeps a message deleted for everyone as a tombstone, in the thread and the list preview", () => {
    const h = harness();
    const last = msg(2);
    h.store.set({ threads: { [CONV]: loaded([msg(1), last]) }, conversations: { [CONV]: summary({ lastSeq: 2, lastMessage: last }) } });
    h.threads.onDeleted({ conversationId: CONV, messageId: last.id, scope: "everyone" });
    const s = h.store.getState();
    expect(s.threads[CONV]!.messages[1]).toMatchObject({ deleted: true, content: "" });
    expect(s.conversations[CONV]!.lastMessage).toMatchObject({ id: last.id, deleted: true, content: "" });
  });

  it("shows the message before as the preview once the last one is deleted for me, or asks the list without one", () => {
    const h = harness();
    const last: Message = msg(2);
    h.store.set({ threads: { [CONV]: loaded([msg(1), last]) }, conversations: { [CONV]: summary({ lastSeq: 2, lastMessage: last }) } });
    h.threads.onDeleted({ conversationId: CONV, messageId: last.id, scope: "me" });
    expect(h.store.getState().conversations[CONV]!.lastMessage?.seq).toBe(1);

    const closed = harness();
    closed.store.set({ conversations: { [CONV]: summary({ lastSeq: 2, lastMessage: last }) } });
    closed.threads.onDeleted({ conversationId: CONV, messageId: last.id, scope: "me" });
    expect(closed.store.getState().conversations[CONV]!.lastMessage).toBeNull();
    expect(closed.events).toEqual(["list stale"]);
  });
});
