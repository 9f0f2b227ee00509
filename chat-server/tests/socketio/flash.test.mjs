import { test, after } from "node:test";
import assert from "node:assert/strict";
import { register, connect, closeAll, request, next, api } from "./helpers.mjs";

after(closeAll);

test("a flash group carries messages live and every member hears flashGroupExpired when it dies", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const [adaSock, bobSock] = await Promise.all([connect(ada.token), connect(bob.token)]);
  const announced = next(bobSock, "conversationCreated");
  const res = await api("POST", "/api/flash-groups", ada.token, { name: "quick", memberIds: [bob.id], ttlSeconds: 2 });
  assert.equal(res.status, 201);
  const group = res.body;
  assert.equal((await announced).id, group.id);

  const received = next(bobSock, "receiveMessage");
  const ack = await request(adaSock, "sendMessage", { conversationId: group.id, content: "self-destructs", clientMsgId: "f1" });
  assert.equal(ack.ok, true);
  assert.equal((await received).seq, 1);

  const expiredAt = Date.parse(group.expiresAt);
  const [atAda, atBob] = await Promise.all([next(adaSock, "flashGroupExpired", () => true, 6000), next(bobSock, "flashGroupExpired", () => true, 6000)]);
  const delay = Date.now() - expiredAt;
  assert.deepEqual(atAda, { conversationId: group.id });
  assert.deepEqual(atBob, { conversationId: group.id });
  assert.ok(delay < 2000, `announced ${delay} ms after expiry`);

  assert.equal((await api("GET", `/api/flash-groups/${group.id}`, ada.token)).status, 404);
  assert.equal((await api("GET", `/api/conversations/${group.id}/messages`, ada.token)).status, 404);
  const late = await request(adaSock, "sendMessage", { conversationId: group.id, content: "too late" });
  assert.equal(late.error.code, "not_found");
  const sync = await request(bobSock, "syncConversation", { conversationId: group.id, afterSeq: 0 });
  assert.equal(sync.error.code, "not_found");
});
