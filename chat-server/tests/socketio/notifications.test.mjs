import { test, after } from "node:test";
import assert from "node:assert/strict";
import { register, connect, closeAll, request, next, collect, conversation, sleep, api } from "./helpers.mjs";

after(closeAll);

const send = (socket, conversationId, content) => request(socket, "sendMessage", { conversationId, content });
const notifications = async (user) => (await api("GET", "/api/notifications?limit=100", user.token)).body;

/** `user`'s notifications once there are at least `count` (they are made after the ack). */
async function notified(user, count) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const page = await notifications(user);
    if (page.items.length >= count) return page;
    assert.ok(Date.now() < deadline, `${user.username} has ${page.items.length} notifications, not ${count}`);
    await sleep(25);
  }
}

test("a member with no live connection is notified of a message, a connected one only of a mention, a muted one of nothing", async () => {
  const [ada, bob, cyd] = await Promise.all([register("ada"), register("bob"), register("cyd")]);
  const group = await conversation(ada, "group", [bob, cyd]);
  const [adaSock, bobPhone, bobLaptop] = await Promise.all([connect(ada.token), connect(bob.token), connect(bob.token)]);
  const onPhone = collect(bobPhone, "notification");

  // Cyd has no connection: she is told. Bob is connected: he is not.
  assert.equal((await send(adaSock, group.id, "hello both")).ok, true);
  let cyds = await notified(cyd, 1);
  assert.equal(cyds.unread, 1);
  assert.deepEqual(
    [cyds.items[0].kind, cyds.items[0].conversationId, cyds.items[0].seq, cyds.items[0].senderId, cyds.items[0].preview],
    ["message", group.id, 1, ada.id, "hello both"],
  );

  // A mention reaches Bob although he is connected, on every device, and Cyd as a missed message.
  const onLaptop = next(bobLaptop, "notification");
  assert.equal((await send(adaSock, group.id, `look @${bob.username.toUpperCase()}!`)).ok, true);
  const mention = await onLaptop;
  assert.deepEqual([mention.kind, mention.userId, mention.seq, mention.read], ["mention", bob.id, 2, false]);
  const bobs = await notified(bob, 1);
  assert.deepEqual(bobs.items.map((n) => [n.id, n.kind]), [[mention.id, "mention"]], "the first message did not notify Bob");
  assert.equal(onPhone.length, 1, "his other device got it too");
  assert.equal((await notified(cyd, 2)).items[0].kind, "message");
  assert.equal((await notifications(ada)).items.length, 0, "the sender is never notified");

  // Muted: nothing, mentions included.
  assert.equal((await api("PUT", `/api/conversations/${group.id}/mute`, cyd.token, {})).status, 204);
  await send(adaSock, group.id, `@${cyd.username} are you there?`);
  const synced = next(bobPhone, "notification");
  await send(adaSock, group.id, `@${bob.username} ping`);
  await synced;
  assert.equal((await notifications(cyd)).items.length, 2, "a muted conversation notifies nothing");
  // Unmuted, it notifies again.
  assert.equal((await api("DELETE", `/api/conversations/${group.id}/mute`, cyd.token)).status, 204);
  await send(adaSock, group.id, "back");
  cyds = await notified(cyd, 3);
  assert.deepEqual(cyds.items.map((n) => n.seq), [5, 2, 1], "newest first");

  // Read marks: up to one notification and the older ones, then all.
  assert.deepEqual((await api("POST", "/api/notifications/read", cyd.token, { upTo: cyds.items[1].id })).body, { unread: 1 });
  assert.deepEqual((await notifications(cyd)).items.map((n) => n.read), [false, true, true]);
  assert.deepEqual((await api("POST", "/api/notifications/read", cyd.token, {})).body, { unread: 0 });
  assert.deepEqual((await api("GET", "/api/notifications/unread", cyd.token)).body, { unread: 0 });
  assert.deepEqual((await api("GET", "/api/notifications/unread", bob.token)).body, { unread: 2 }, "marks are per user");
});

test("muting is for members only, and a mute must end in the future", async () => {
  const [ada, bob, eve] = await Promise.all([register("ada"), register("bob"), register("eve")]);
  const direct = await conversation(ada, "direct", [bob]);
  assert.equal((await api("PUT", `/api/conversations/${direct.id}/mute`, eve.token, {})).status, 404);
  const past = new Date(Date.now() - 1000).toISOString();
  const refused = await api("PUT", `/api/conversations/${direct.id}/mute`, bob.token, { until: past });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.details.field, "until");
  const soon = new Date(Date.now() + 60000).toISOString();
  assert.equal((await api("PUT", `/api/conversations/${direct.id}/mute`, bob.token, { until: soon })).status, 204);
  assert.equal((await api("GET", "/api/notifications?cursor=not-an-id", bob.token)).status, 422);
});
