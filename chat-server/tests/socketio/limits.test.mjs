import { test, after } from "node:test";
import assert from "node:assert/strict";
import { register, connect, closeAll, request, next, conversation, sleep } from "./helpers.mjs";

after(closeAll);

const MAX = Number(process.env.CHAT_SOCKET_MAX_MESSAGE_BYTES ?? 65536);

for (const transport of ["websocket", "polling"]) {
  test(`a ${transport} message above the size limit closes only that connection`, async () => {
    const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
    const conv = await conversation(ada, "direct", [bob]);
    const [big, bystander, bobSock] = await Promise.all([
      connect(ada.token, { transports: [transport] }),
      connect(ada.token),
      connect(bob.token),
    ]);
    const closed = new Promise((resolve) => big.once("disconnect", resolve));
    big.emit("sendMessage", { conversationId: conv.id, content: "x".repeat(MAX + 1024) });
    await closed;
    assert.equal(big.connected, false);
    await sleep(100);
    assert.ok(bystander.connected && bobSock.connected, "other connections carry on");
    const got = next(bobSock, "receiveMessage");
    const ack = await request(bystander, "sendMessage", { conversationId: conv.id, content: "still here" });
    assert.equal(ack.ok, true);
    assert.equal((await got).content, "still here");
  });
}

test("malformed payloads get bad_request acks, never silence", async () => {
  const ada = await register("ada");
  const socket = await connect(ada.token);
  for (const [event, payload] of [
    ["sendMessage", "just a string"],
    ["sendMessage", { conversationId: "not-a-uuid", content: "x" }],
    ["sendMessage", { content: "no conversation" }],
    ["syncConversation", { conversationId: "5b1e8c1a-0000-4000-8000-000000000000" }],
    ["markAsRead", { conversationId: "5b1e8c1a-0000-4000-8000-000000000000", seq: "three" }],
    ["userTyping", null],
    ["setStatus", { status: "sleeping" }],
    ["sendMessage", 42],
  ]) {
    const ack = await request(socket, event, payload);
    assert.equal(ack.ok, false, `${event} ${JSON.stringify(payload)}`);
    assert.equal(ack.error.code, "bad_request", `${event} ${JSON.stringify(payload)}: ${JSON.stringify(ack)}`);
    assert.equal(typeof ack.error.message, "string");
  }
  const unknown = await request(socket, "sendMessage", { conversationId: "5b1e8c1a-0000-4000-8000-000000000000", content: "x" });
  assert.equal(unknown.error.code, "not_found");
  assert.ok(socket.connected, "bad input never costs the connection");
});

test("an event outside the contract gets a bad_request ack naming it, and nothing else happens", async () => {
  const ada = await register("ada");
  const socket = await connect(ada.token);
  const ack = await request(socket, "sendMesage", { content: "typo" });
  assert.deepEqual(ack, { ok: false, error: { code: "bad_request", message: 'unknown event "sendMesage"' } });
  const long = await request(socket, "x".repeat(5000), {});
  assert.equal(long.error.message, `unknown event "${"x".repeat(64)}"`, "a long name is cut short");
  socket.emit("noAckWanted", 1);
  assert.equal((await request(socket, "setStatus", { status: "away" })).ok, true, "the socket carries on");
});

