// A scripted session for the metrics test: REST and socket traffic of two users, with one REST
// 404 under a route template. The Rust test scrapes /metrics before and after it.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { register, connect, closeAll, request, conversation, api } from "../helpers.mjs";

after(closeAll);

test("a session of two users over REST and Socket.IO", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const conv = await conversation(ada, "direct", [bob]);
  const [adaSocket, bobSocket] = await Promise.all([connect(ada.token), connect(bob.token)]);
  let last;
  for (let i = 0; i < 5; i++) {
    last = await request(adaSocket, "sendMessage", { conversationId: conv.id, content: `m${i}`, clientMsgId: randomUUID() });
    assert.equal(last.ok, true, JSON.stringify(last));
  }
  assert.equal((await request(bobSocket, "markAsRead", { conversationId: conv.id, seq: last.message.seq })).ok, true);
  assert.equal((await request(bobSocket, "sendMessage", { conversationId: randomUUID(), content: "nowhere" })).ok, false);
  assert.equal((await api("GET", `/api/conversations/${conv.id}/messages`, bob.token)).status, 200);
  assert.equal((await api("GET", `/api/conversations/${randomUUID()}`, bob.token)).status, 404);
});
