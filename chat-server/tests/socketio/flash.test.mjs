import { test, after } from "node:test";
import assert from "node:assert/strict";
import { register, connect, closeAll, request, next, collectTimed, until, api } from "./helpers.mjs";

after(closeAll);

test("a flash group carries messages live and every member hears flashGroupExpired when it dies", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const [adaSock, bobSock] = await Promise.all([connect(ada.token), connect(bob.token)]);
  // Listening from the start, so a slow machine cannot miss an expiry that comes early.
  const [atAda, atBob] = [collectTimed(adaSock, "flashGroupExpired"), collectTimed(bobSock, "flashGroupExpired")];
  const announced = next(bobSock, "conversationCreated");
  const res = await api("POST", "/api/flash-groups", ada.token, { name: "quick", memberIds: [bob.id], ttlSeconds: 5 });
  assert.equal(res.status, 201);
  const group = res.body;
  assert.equal((await announced).id, group.id);

  const received = next(bobSock, "receiveMessage");
  const ack = await request(adaSock, "sendMessage", { conversationId: group.id, content: "self-destructs", clientMsgId: "f1" });
  assert.equal(ack.ok, true);
  assert.equal((await received).seq, 1);

  await until(() => atAda.length > 0 && atBob.length > 0, "flashGroupExpired", 15000);
  const expiredAt = Date.parse(group.expiresAt);
  for (const [expired] of [atAda, atBob]) {
    assert.deepEqual(expired.data, { conversationId: group.id });
    assert.ok(expired.at >= expiredAt, `announced ${expiredAt - expired.at} ms before expiry`);
    assert.ok(expired.at - expiredAt < 2000, `announced ${expired.at - expiredAt} ms after expiry`);
  }

  assert.equal((await api("GET", `/api/flash-groups/${group.id}`, ada.token)).status, 404);
  assert.equal((await api("GET", `/api/conversations/${group.id}/messages`, ada.token)).status, 404);
  const late = await request(adaSock, "sendMessage", { conversationId: group.id, content: "too late" });
  assert.equal(late.error.code, "not_found");
  const sync = await request(bobSock, "syncConversation", { conversationId: group.id, afterSeq: 0 });
  assert.equal(sync.error.code, "not_found");
});
