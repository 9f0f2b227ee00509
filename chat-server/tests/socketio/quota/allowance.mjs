// Allowances per user and class of action, on a server allowing 5 sends, 3 typing events and 2
// status changes per user at once, regained at one a minute, and 30 receipts, 10 a second.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { register, connect, closeAll, request, conversation, api, sleep } from "../helpers.mjs";

after(closeAll);

function assertLimited(ack, what) {
  assert.equal(ack.ok, false, `${what}: ${JSON.stringify(ack)}`);
  assert.equal(ack.error.code, "rate_limited", what);
  assert.ok(ack.error.details.retryAfterSecs >= 1 && ack.error.details.retryAfterSecs <= 60, JSON.stringify(ack));
}

test("the send allowance is one per user across sockets and REST, and reconnecting gives none back", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const conv = await conversation(ada, "direct", [bob]);
  const send = (socket, i) => request(socket, "sendMessage", { conversationId: conv.id, content: `m${i}` });
  const [first, second] = await Promise.all([connect(ada.token), connect(ada.token)]);
  for (let i = 0; i < 3; i++) assert.equal((await send(first, i)).ok, true);
  for (let i = 3; i < 5; i++) assert.equal((await send(second, i)).ok, true, "a second socket draws from the same allowance");
  assertLimited(await send(second, 5), "the sixth send");
  const rest = await api("POST", `/api/conversations/${conv.id}/messages`, ada.token, { content: "over REST" });
  assert.equal(rest.status, 429, JSON.stringify(rest.body));
  assert.equal(rest.body.error.code, "rate_limited");
  first.close();
  second.close();
  const fresh = await connect(ada.token);
  assertLimited(await send(fresh, 6), "a send on a new socket");
  // Reading is another class, and Bob has his own allowance.
  assert.equal((await request(fresh, "syncConversation", { conversationId: conv.id, afterSeq: 0 })).messages.length, 5);
  assert.equal((await send(await connect(bob.token), 7)).ok, true);
});

test("a burst of receipts past the allowance is refused in part, and the allowance refills", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const conv = await conversation(ada, "direct", [bob]);
  const socket = await connect(ada.token);
  const acks = await Promise.all(
    Array.from({ length: 60 }, (_, i) => request(socket, "markAsRead", { conversationId: conv.id, seq: i })),
  );
  assert.equal(acks.filter((a) => a.ok).length, 30, "the burst of 30 passes");
  for (const ack of acks.filter((a) => !a.ok)) assertLimited(ack, "past the burst");
  await sleep(1100);
  assert.equal((await request(socket, "markAsRead", { conversationId: conv.id, seq: 0 })).ok, true, "10 a second come back");
});

test("alternating isTyping does not escape the typing allowance", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const conv = await conversation(ada, "direct", [bob]);
  const socket = await connect(ada.token);
  const acks = [];
  for (let i = 0; i < 4; i++) acks.push(await request(socket, "userTyping", { conversationId: conv.id, isTyping: i % 2 === 0 }));
  assert.deepEqual(acks.slice(0, 3).map((a) => a.ok), [true, true, true]);
  assertLimited(acks[3], "the fourth typing event");
});

test("status changes past their allowance are refused", async () => {
  const ada = await register("ada");
  const socket = await connect(ada.token);
  assert.equal((await request(socket, "setStatus", { status: "away" })).ok, true);
  assert.equal((await request(socket, "setStatus", { status: "online" })).ok, true);
  assertLimited(await request(socket, "setStatus", { status: "away" }), "the third status change");
});
