import { test, after } from "node:test";
import assert from "node:assert/strict";
import { register, connect, closeAll, request, next, collect, conversation, sleep, until, api } from "./helpers.mjs";

after(closeAll);

test("a direct message is acknowledged with the stored message and reaches the other user and the sender's other tab only", async () => {
  const [ada, bob, eve] = await Promise.all([register("ada"), register("bob"), register("eve")]);
  const conv = await conversation(ada, "direct", [bob]);
  const [adaTab1, adaTab2, bobTab, eveTab] = await Promise.all([connect(ada.token), connect(ada.token), connect(bob.token), connect(eve.token)]);
  const eveGot = collect(eveTab, "receiveMessage");
  const tab1Got = collect(adaTab1, "receiveMessage");
  const atBob = next(bobTab, "receiveMessage");
  const atTab2 = next(adaTab2, "receiveMessage");

  const ack = await request(adaTab1, "sendMessage", { conversationId: conv.id, content: "hello bob", clientMsgId: "m-1" });
  assert.equal(ack.ok, true);
  assert.equal(ack.message.seq, 1);
  assert.equal(ack.message.content, "hello bob");
  assert.equal(ack.message.senderId, ada.id);
  assert.equal(ack.message.type, "text");
  assert.match(ack.message.createdAt, /^\d{4}-\d{2}-\d{2}T.*Z$/);

  assert.deepEqual(await atBob, ack.message);
  assert.deepEqual(await atTab2, ack.message);
  await until(() => tab1Got.length > 0, "the broadcast on the sending tab");
  await sleep(200);
  assert.equal(eveGot.length, 0, "a non-member receives nothing");
  assert.equal(tab1Got.length, 1, "the sending tab gets the broadcast too");

  const history = await api("GET", `/api/conversations/${conv.id}/messages`, bob.token);
  assert.deepEqual(history.body.items, [ack.message], "acknowledged means stored");
});

test("resending with the same clientMsgId returns the same message and broadcasts nothing new", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const conv = await conversation(ada, "direct", [bob]);
  const [adaSock, bobSock] = await Promise.all([connect(ada.token), connect(bob.token)]);
  const received = collect(bobSock, "receiveMessage");
  const payload = { conversationId: conv.id, content: "only once", clientMsgId: "retry-1" };
  const first = await request(adaSock, "sendMessage", payload);
  const second = await request(adaSock, "sendMessage", payload);
  assert.equal(first.ok, true);
  assert.deepEqual(second.message, first.message);
  await until(() => received.length > 0, "the first broadcast");
  await sleep(300);
  assert.equal(received.length, 1);
});

test("20 clients sending concurrently into a group all see every message in strictly increasing seq with no gap", async () => {
  const owner = await register("owner");
  const members = await Promise.all(Array.from({ length: 19 }, (_, i) => register(`m${i}`)));
  const group = await conversation(owner, "group", members);
  const users = [owner, ...members];
  const sockets = await Promise.all(users.map((u) => connect(u.token)));
  const perMessages = 3;
  const total = users.length * perMessages;
  const seen = sockets.map((s) => collect(s, "receiveMessage"));
  await Promise.all(
    sockets.map(async (s, i) => {
      for (let k = 0; k < perMessages; k++) {
        const ack = await request(s, "sendMessage", { conversationId: group.id, content: `from ${i} #${k}`, clientMsgId: `c${i}-${k}` });
        assert.equal(ack.ok, true, JSON.stringify(ack));
      }
    }),
  );
  for (let t = 0; t < 100 && seen.some((list) => list.length < total); t++) await sleep(50);
  for (const list of seen) {
    assert.equal(list.length, total);
    assert.deepEqual(list.map((m) => m.seq), Array.from({ length: total }, (_, i) => i + 1));
  }
});

test("a client that was away gets exactly the missed messages from syncConversation", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const conv = await conversation(ada, "direct", [bob]);
  const adaSock = await connect(ada.token);
  let bobSock = await connect(bob.token);
  const first = next(bobSock, "receiveMessage");
  await request(adaSock, "sendMessage", { conversationId: conv.id, content: "before" });
  const lastSeq = (await first).seq;
  bobSock.close();

  for (let i = 0; i < 4; i++) await request(adaSock, "sendMessage", { conversationId: conv.id, content: `missed ${i}` });
  bobSock = await connect(bob.token);
  const sync = await request(bobSock, "syncConversation", { conversationId: conv.id, afterSeq: lastSeq });
  assert.equal(sync.ok, true);
  assert.deepEqual(sync.messages.map((m) => m.content), ["missed 0", "missed 1", "missed 2", "missed 3"]);
  assert.deepEqual(sync.messages.map((m) => m.seq), [2, 3, 4, 5]);
  assert.equal(sync.hasMore, false);
  const paged = await request(bobSock, "syncConversation", { conversationId: conv.id, afterSeq: lastSeq, limit: 2 });
  assert.deepEqual(paged.messages.map((m) => m.seq), [2, 3]);
  assert.equal(paged.hasMore, true);
});

test("read and delivered receipts reach the other member and unread counts follow them", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const conv = await conversation(ada, "direct", [bob]);
  const [adaSock, bobSock] = await Promise.all([connect(ada.token), connect(bob.token)]);
  for (let i = 0; i < 3; i++) await request(adaSock, "sendMessage", { conversationId: conv.id, content: `m${i}` });
  let list = await api("GET", "/api/conversations", bob.token);
  assert.equal(list.body.items[0].unreadCount, 3);

  const delivered = next(adaSock, "messagesDelivered");
  const dAck = await request(bobSock, "markAsDelivered", { conversationId: conv.id, seq: 3 });
  assert.deepEqual(dAck, { ok: true, seq: 3 });
  const d = await delivered;
  assert.equal(d.userId, bob.id);
  assert.equal(d.seq, 3);
  assert.equal(d.conversationId, conv.id);
  assert.ok(d.at);

  const read = next(adaSock, "messagesRead");
  assert.deepEqual(await request(bobSock, "markAsRead", { conversationId: conv.id, seq: 2 }), { ok: true, seq: 2 });
  assert.equal((await read).seq, 2);
  list = await api("GET", "/api/conversations", bob.token);
  assert.equal(list.body.items[0].unreadCount, 1);
  assert.equal(list.body.items[0].readSeq, 2);

  const viaRest = next(adaSock, "messagesRead", (e) => e.seq === 3);
  assert.equal((await api("POST", `/api/conversations/${conv.id}/read`, bob.token, { seq: 3 })).status, 204);
  assert.equal((await viaRest).userId, bob.id);
});

test("edits and deletions made over REST reach the members' sockets", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const conv = await conversation(ada, "direct", [bob]);
  const [adaSock, bobSock] = await Promise.all([connect(ada.token), connect(bob.token)]);
  const { message } = await request(adaSock, "sendMessage", { conversationId: conv.id, content: "typo" });
  const updated = next(bobSock, "messageUpdated");
  await api("PATCH", `/api/messages/${message.id}`, ada.token, { content: "fixed" });
  assert.equal((await updated).content, "fixed");
  const deleted = next(bobSock, "messageDeleted");
  await api("DELETE", `/api/messages/${message.id}?scope=everyone`, ada.token);
  assert.deepEqual(await deleted, { conversationId: conv.id, messageId: message.id, scope: "everyone" });
});
