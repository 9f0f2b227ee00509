import { describe, expect, it } from "vitest";
import { ChatClient, type ChatApi } from "./client";
import { buildTimeline } from "./timeline";
import { receiptOf } from "./receipts";
import type { HistoryPage, Message } from "../api/types";
import { CONV, FakeTransport, ME, MemoryStorage, PEER, msg, settle, summary, user } from "./testing";

/** A server holding `messages` of CONV, reachable by REST (fake api) and socket (fake transport). */
function setup(initial: Message[] = []) {
  const server = { messages: [...initial], historyCalls: [] as unknown[] };
  const api = {
    conversations: async () => [
      summary({ lastSeq: server.messages.length, lastMessage: server.messages.at(-1) ?? null }),
    ],
    history: async (_id: string, q: { beforeSeq?: number; limit?: number }): Promise<HistoryPage> => {
      server.historyCalls.push(q);
      const before = server.messages.filter((m) => q.beforeSeq === undefined || m.seq < q.beforeSeq);
      const items = before.slice(-(q.limit ?? 50));
      return { items, hasMore: items.length < before.length };
    },
    user: async (id: string) => user(id),
  } as unknown as ChatApi;
  const transport = new FakeTransport();
  transport.answer("syncConversation", (p) => {
    const after = server.messages.filter((m) => m.seq > p.afterSeq);
    return { ok: true, messages: after.slice(0, 2), hasMore: after.length > 2 };
  });
  transport.answer("sendMessage", (p) => {
    const held = server.messages.find((m) => m.clientMsgId === p.clientMsgId);
    if (held) return { ok: true, message: held };
    const stored = msg(server.messages.length + 1, { senderId: ME, content: p.content ?? "", clientMsgId: p.clientMsgId });
    server.messages.push(stored);
    return { ok: true, message: stored };
  });
  const storage = new MemoryStorage();
  const client = new ChatClient({ me: user(ME), api, transport, storage });
  const view = () => {
    const s = client.getState();
    const outbox = s.outbox.filter((o) => o.conversationId === CONV);
    return buildTimeline(s.threads[CONV]?.messages ?? [], outbox, ME).map((i) =>
      i.kind === "stored" ? `${i.message.seq}:${i.message.content}` : `pending:${i.outgoing.content}`,
    );
  };
  return { server, client, transport, storage, view };
}

describe("the chat client", () => {
  it("resyncs an open conversation from the highest seq held after a reconnect, page after page", async () => {
    const { server, client, transport, view } = setup([msg(1), msg(2)]);
    client.start();
    client.open(CONV);
    await settle();
    expect(view()).toEqual(["1:message 1", "2:message 2"]);

    transport.disconnect("transport close");
    for (let seq = 3; seq <= 7; seq++) server.messages.push(msg(seq));
    transport.connect();
    await settle();

    expect(transport.emitted("syncConversation").map((p) => p.afterSeq)).toEqual([2, 4, 6]);
    expect(view()).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `${n}:message ${n}`));
  });

  it("shows a refreshed access token to the live socket, and keeps it for the next handshake", async () => {
    const { client, transport } = setup();
    client.start();
    await settle();
    client.setToken("fresh-token");
    await settle();
    expect(transport.emitted("refreshAuth")).toEqual([{ token: "fresh-token" }]);
    expect(transport.token).toBe("fresh-token");
    transport.disconnect("transport close");
    client.setToken("while-offline");
    await settle();
    expect(transport.emitted("refreshAuth")).toHaveLength(1);
    expect(transport.token).toBe("while-offline");
  });

  it("fetches a message again for fresh file links when one stops loading", async () => {
    const file = (url: string) => ({ id: "f1", url, contentType: "image/png", size: 1, thumbnailUrl: url });
    const { server, client } = setup([msg(1), msg(2, { attachments: [file("/api/files/f1?expires=1")] })]);
    client.start();
    client.open(CONV);
    await settle();
    server.messages[1] = { ...server.messages[1]!, attachments: [file("/api/files/f1?expires=2")] };
    await client.refreshLinks(client.getState().threads[CONV]!.messages[1]!);
    expect(client.getState().threads[CONV]!.messages.map((m) => m.attachments[0]?.url ?? null)).toEqual([
      null,
      "/api/files/f1?expires=2",
    ]);
  });

  it("queues a message typed offline as pending and sends it with its clientMsgId on reconnect", async () => {
    const { server, client, transport, view } = setup([msg(1)]);
    client.start();
    client.open(CONV);
    await settle();
    client.setNetwork(false);
    const queued = client.send(CONV, "written offline")!;
    await settle();
    expect(view()).toEqual(["1:message 1", "pending:written offline"]);
    expect(transport.emitted("sendMessage")).toHaveLength(0);

    client.setNetwork(true);
    await settle();
    expect(transport.emitted("sendMessage").map((p) => p.clientMsgId)).toEqual([queued.clientMsgId]);
    expect(view()).toEqual(["1:message 1", "2:written offline"]);
    expect(server.messages).toHaveLength(2);
    expect(client.getState().outbox).toHaveLength(0);
  });

  it("keeps the offline queue across a page reload", async () => {
    const first = setup([]);
    first.client.start();
    first.client.setNetwork(false);
    first.client.send(CONV, "survives reload");
    first.client.stop();
    const again = new ChatClient({
      me: user(ME),
      api: {} as ChatApi,
      transport: new FakeTransport(),
      storage: first.storage,
    });
    expect(again.getState().outbox.map((o) => [o.content, o.status])).toEqual([["survives reload", "pending"]]);
  });

  it("shows one copy when the broadcast of my message arrives before its ack", async () => {
    const { client, transport, view } = setup([msg(1)]);
    let release!: () => void;
    transport.answer("sendMessage", (p) => {
      const stored = msg(2, { senderId: ME, content: p.content ?? "", clientMsgId: p.clientMsgId });
      transport.fire("receiveMessage", stored);
      return new Promise((resolve) => (release = () => resolve({ ok: true, message: stored })));
    });
    client.start();
    client.open(CONV);
    await settle();
    client.send(CONV, "hello");
    await settle();
    expect(view()).toEqual(["1:message 1", "2:hello"]);
    release();
    await settle();
    expect(view()).toEqual(["1:message 1", "2:hello"]);
  });

  it("shows a message once when sync and a live event both bring it", async () => {
    const { server, client, transport, view } = setup([msg(1)]);
    client.start();
    client.open(CONV);
    await settle();
    server.messages.push(msg(2));
    transport.fire("receiveMessage", msg(2));
    await client.resync(CONV);
    transport.fire("receiveMessage", msg(2));
    expect(view()).toEqual(["1:message 1", "2:message 2"]);
  });

  it("fills a hole before a live message by catching up", async () => {
    const { server, client, transport, view } = setup([msg(1)]);
    client.start();
    client.open(CONV);
    await settle();
    server.messages.push(msg(2), msg(3));
    transport.fire("receiveMessage", msg(3));
    await settle();
    expect(view()).toEqual(["1:message 1", "2:message 2", "3:message 3"]);
  });

  it("counts unread messages in a closed conversation, once each, and marks delivered", async () => {
    const { server, client, transport } = setup([]);
    client.start();
    await settle();
    server.messages.push(msg(1), msg(2));
    transport.fire("receiveMessage", msg(1));
    transport.fire("receiveMessage", msg(1));
    transport.fire("receiveMessage", msg(2));
    await settle();
    expect(client.getState().conversations[CONV]!.unreadCount).toBe(2);
    expect(transport.emitted("markAsDelivered").map((p) => p.seq)).toEqual([1, 2]);
    expect(transport.emitted("markAsRead")).toEqual([]);

    client.open(CONV);
    await settle();
    expect(client.getState().conversations[CONV]!.unreadCount).toBe(0);
    expect(transport.emitted("markAsRead").map((p) => p.seq)).toEqual([2]);
  });

  it("sends no read receipt while the page is hidden", async () => {
    const { client, transport } = setup([msg(1)]);
    client.setVisible(false);
    client.start();
    client.open(CONV);
    await settle();
    expect(transport.emitted("markAsRead")).toEqual([]);
    client.setVisible(true);
    expect(transport.emitted("markAsRead").map((p) => p.seq)).toEqual([1]);
  });

  it("turns my message's tick to read when the peer's messagesRead arrives", async () => {
    const { client, transport } = setup([msg(1, { senderId: ME })]);
    client.start();
    client.open(CONV);
    await settle();
    const receipt = () => {
      const s = client.getState();
      return receiptOf(s.threads[CONV]!.messages[0]!, ME, s.conversations[CONV]!.members, s.positions[CONV]);
    };
    expect(receipt()).toBe("sent");
    transport.fire("messagesDelivered", { conversationId: CONV, userId: PEER, seq: 1, at: "" });
    expect(receipt()).toBe("delivered");
    transport.fire("messagesRead", { conversationId: CONV, userId: PEER, seq: 1, at: "" });
    expect(receipt()).toBe("read");
  });

  it("shows who is typing until their message arrives", async () => {
    const { client, transport } = setup([]);
    client.start();
    await settle();
    transport.fire("userTyping", { conversationId: CONV, userId: PEER, isTyping: true });
    expect(client.getState().typing[CONV]).toEqual([PEER]);
    transport.fire("receiveMessage", msg(1));
    expect(client.getState().typing[CONV]).toEqual([]);
  });

  it("loads older history with beforeSeq the lowest seq held", async () => {
    const many = Array.from({ length: 120 }, (_, i) => msg(i + 1));
    const { server, client, view } = setup(many);
    client.start();
    client.open(CONV);
    await settle();
    expect(view()).toHaveLength(50);
    await client.loadOlder(CONV);
    expect(server.historyCalls.at(-1)).toEqual({ beforeSeq: 71, limit: 50 });
    expect(view()).toHaveLength(100);
    await client.loadOlder(CONV);
    expect(view()).toHaveLength(120);
    expect(client.getState().threads[CONV]!.hasMoreBefore).toBe(false);
  });

  it("forgets a conversation I was removed from", async () => {
    const { client, transport } = setup([]);
    client.start();
    client.open(CONV);
    await settle();
    transport.fire("memberRemoved", { conversationId: CONV, userId: ME });
    const s = client.getState();
    expect(s.conversations[CONV]).toBeUndefined();
    expect(s.activeId).toBeNull();
  });

  it("shows the answers to group and profile changes made through it at once, without waiting for events", async () => {
    const group = summary({ id: "g1", kind: "group", name: "Team", members: [{ userId: ME, role: "owner" }] });
    const api = {
      conversations: async () => [],
      user: async (id: string) => user(id),
      createConversation: async () => group,
      addMember: async () => ({ userId: PEER, role: "member" }),
      conversation: async () => ({ ...group, members: [...group.members, { userId: PEER, role: "member" }] }),
      removeMember: async () => undefined,
      updateMe: async (patch: { displayName: string }) => ({ ...user(ME), displayName: patch.displayName }),
    } as unknown as ChatApi;
    const client = new ChatClient({ me: user(ME), api, transport: new FakeTransport(), storage: new MemoryStorage() });
    client.start();
    await settle();
    await client.groups.createGroup("Team", "", []);
    expect(client.getState().conversations.g1?.name).toBe("Team");
    await client.groups.addMember("g1", user(PEER));
    expect(client.getState().conversations.g1?.members.map((m) => m.userId)).toEqual([ME, PEER]);
    await client.groups.leave("g1");
    expect(client.getState().conversations.g1).toBeUndefined();
    await client.updateProfile({ displayName: " Ann ", bio: "", avatarUrl: "", lastSeenVisibility: "everyone" });
    expect(client.getState().me.displayName).toBe("Ann");
    client.stop();
  });
});
