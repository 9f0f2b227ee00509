import { describe, expect, it } from "vitest";
import { ChatClient, type ChatApi } from "./client";
import { ApiError } from "../api/rest";
import type { ConversationSummary, HistoryPage, Message } from "../api/types";
import { EXPIRED_TEXT } from "./flash";
import { CONV, FakeTransport, ME, MemoryStorage, PEER, msg, settle, summary, user } from "./testing";

const FLASH = "00000000-0000-4000-8000-0000000000f1";
const T0 = Date.parse("2024-05-01T12:00:00Z");

/** A server with one direct chat and one flash group expiring at T0 + 60 s; the clocks are set by hand. */
function setup() {
  const clock = { now: T0 };
  const server = {
    flashAlive: true,
    messages: [] as Message[],
    historyStatus: 200,
  };
  const flashSummary = (): ConversationSummary =>
    summary({ id: FLASH, kind: "flash", name: "Lunch in 10", expiresAt: new Date(T0 + 60_000).toISOString() });
  const api = {
    conversations: async () => [summary(), ...(server.flashAlive ? [flashSummary()] : [])],
    history: async (id: string): Promise<HistoryPage> => {
      if (id === FLASH && !server.flashAlive) throw new ApiError(404, "not_found", "conversation not found");
      return { items: server.messages.filter((m) => m.conversationId === id), hasMore: false };
    },
    user: async (id: string) => user(id),
  } as unknown as ChatApi;
  const transport = new FakeTransport();
  let seq = 0;
  transport.answer("sendMessage", (p) => {
    if (p.conversationId === FLASH && !server.flashAlive) return { ok: false, error: { code: "not_found", message: "conversation not found" } };
    const m = msg(++seq, { conversationId: p.conversationId, senderId: ME, content: p.content ?? "", clientMsgId: p.clientMsgId });
    server.messages.push(m);
    return { ok: true, message: m };
  });
  transport.answer("syncConversation", (p) =>
    p.conversationId === FLASH && !server.flashAlive
      ? { ok: false, error: { code: "not_found", message: "conversation not found" } }
      : { ok: true, messages: [], hasMore: false },
  );
  const client = new ChatClient({
    me: user(ME),
    api,
    transport,
    storage: new MemoryStorage(),
    now: () => clock.now,
    serverNow: () => clock.now,
    expiredLingerMs: 10_000,
  });
  const state = () => client.getState();
  /** The flash group expires on the server at this moment. */
  const expireOnServer = () => {
    server.flashAlive = false;
  };
  return { clock, server, client, transport, state, expireOnServer };
}

describe("a flash group in the chat client", () => {
  it("is listed with its kind and expiry", async () => {
    const { client, state } = setup();
    client.start();
    await settle();
    expect(state().conversations[FLASH]).toMatchObject({ kind: "flash", expiresAt: "2024-05-01T12:01:00.000Z" });
    expect(state().expired).toEqual({});
    client.stop();
  });

  it("is greyed out and closed on flashGroupExpired: queued messages fail, sending is refused, typing ends", async () => {
    const { client, transport, state, clock, expireOnServer } = setup();
    client.start();
    client.open(FLASH);
    await settle();
    transport.fire("userTyping", { conversationId: FLASH, userId: PEER, isTyping: true });
    client.setNetwork(false);
    client.send(FLASH, "queued while offline");
    client.send(CONV, "for the direct chat");

    clock.now = T0 + 60_100;
    expireOnServer();
    transport.fire("flashGroupExpired", { conversationId: FLASH });

    expect(state().expired[FLASH]).toEqual({ at: T0 + 60_100, reason: "event" });
    expect(state().typing[FLASH]).toBeUndefined();
    expect(state().outbox.map((o) => [o.content, o.status, o.error])).toEqual([
      ["queued while offline", "failed", EXPIRED_TEXT],
      ["for the direct chat", "pending", undefined],
    ]);
    expect(client.send(FLASH, "too late")).toBeNull();
    expect(client.sendFile(FLASH, new Blob(["x"]), "x.txt")).toBeNull();

    client.setNetwork(true);
    await settle();
    expect(transport.emitted("sendMessage").map((p) => p.content)).toEqual(["for the direct chat"]);
    client.retrySend(state().outbox[0]!.clientMsgId);
    await settle();
    expect(transport.emitted("sendMessage")).toHaveLength(1);
    expect(state().outbox.map((o) => o.status)).toEqual(["failed"]);
    client.stop();
  });

  it("expires by its countdown when the event never comes (the socket is down), after a grace", async () => {
    const { client, state, clock } = setup();
    client.start();
    await settle();
    client.setNetwork(false);
    clock.now = T0 + 60_000;
    client.checkFlash();
    expect(state().expired).toEqual({});
    clock.now = T0 + 62_000;
    client.checkFlash();
    expect(state().expired[FLASH]?.reason).toBe("countdown");
    client.stop();
  });

  it("stays greyed on the list for a moment, then leaves it with what was queued for it", async () => {
    const { client, transport, state, clock } = setup();
    client.start();
    await settle();
    client.setNetwork(false);
    client.send(FLASH, "never sent");
    clock.now = T0 + 60_000;
    transport.fire("flashGroupExpired", { conversationId: FLASH });
    clock.now = T0 + 69_999;
    client.checkFlash();
    expect(state().conversations[FLASH]).toBeDefined();
    expect(state().outbox).toHaveLength(1);
    clock.now = T0 + 70_000;
    client.checkFlash();
    expect(state().conversations[FLASH]).toBeUndefined();
    expect(state().expired).toEqual({});
    expect(state().outbox).toEqual([]);
    client.stop();
  });

  it("stays on screen while open, and leaves the list once the reader leaves it", async () => {
    const { client, transport, state, clock } = setup();
    client.start();
    client.open(FLASH);
    await settle();
    clock.now = T0 + 60_000;
    transport.fire("flashGroupExpired", { conversationId: FLASH });
    clock.now = T0 + 120_000;
    client.checkFlash();
    expect(state().activeId).toBe(FLASH);
    expect(state().conversations[FLASH]).toBeDefined();
    client.open(CONV);
    expect(state().conversations[FLASH]).toBeUndefined();
    expect(state().activeId).toBe(CONV);
    client.stop();
  });

  it("takes a 404 on its history as expiry, without an error notice", async () => {
    const { client, state, expireOnServer } = setup();
    client.start();
    await settle();
    expireOnServer();
    client.open(FLASH);
    await settle();
    expect(state().expired[FLASH]?.reason).toBe("not_found");
    expect(state().notice).toBeNull();
    expect(state().threads[FLASH]?.loaded).toBe(true);
    expect(state().activeId).toBe(FLASH);
    client.stop();
  });

  it("takes a not_found answer to a message as expiry", async () => {
    const { client, state, expireOnServer } = setup();
    client.start();
    client.open(FLASH);
    await settle();
    expireOnServer();
    client.send(FLASH, "after the end");
    await settle();
    expect(state().expired[FLASH]?.reason).toBe("not_found");
    expect(state().outbox.map((o) => [o.status, o.error])).toEqual([["failed", EXPIRED_TEXT]]);
    client.stop();
  });

  it("takes its absence from the list after a reconnect as expiry (the event was missed), and keeps it greyed for a moment", async () => {
    const { client, transport, state, expireOnServer } = setup();
    client.start();
    client.open(FLASH);
    await settle();
    transport.disconnect("transport close");
    expireOnServer();
    transport.connect();
    await settle();
    expect(state().expired[FLASH]?.reason).toBe("gone_from_list");
    expect(state().conversations[FLASH]).toBeDefined();
    expect(state().activeId).toBe(FLASH);
    client.stop();
  });

  it("keeps a group created while the list was on its way, instead of taking it as expired", async () => {
    const { client, state, server } = setup();
    server.flashAlive = false; // the list answered before the group existed
    client.start();
    client.upsertConversation(summary({ id: FLASH, kind: "flash", name: "New", expiresAt: new Date(T0 + 60_000).toISOString() }));
    await settle();
    expect(state().conversations[FLASH]).toBeDefined();
    expect(state().expired).toEqual({});
    client.stop();
  });

  it("sends no receipts or typing for an expired group", async () => {
    const { client, transport, clock } = setup();
    client.start();
    await settle();
    clock.now = T0 + 60_000;
    transport.fire("flashGroupExpired", { conversationId: FLASH });
    transport.fire("receiveMessage", msg(1, { conversationId: FLASH }));
    client.typing(FLASH);
    await settle();
    expect(transport.emitted("markAsDelivered")).toEqual([]);
    expect(transport.emitted("userTyping")).toEqual([]);
    client.stop();
  });
});
