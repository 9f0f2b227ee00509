import { test, after } from "node:test";
import assert from "node:assert/strict";
import { register, connect, closeAll, request, next, conversation, api } from "./helpers.mjs";

after(closeAll);

const react = (socket, conversationId, messageId, emoji) => request(socket, "addReaction", { conversationId, messageId, emoji });
const unreact = (socket, conversationId, messageId, emoji) => request(socket, "removeReaction", { conversationId, messageId, emoji });
const path = (conversationId, messageId, emoji) =>
  `/api/conversations/${conversationId}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`;

test("two members react over the socket and REST, each sees the counts and their own live and in history, and strangers cannot", async () => {
  const [ada, bob, eve] = await Promise.all([register("ada"), register("bob"), register("eve")]);
  const group = await conversation(ada, "group", [bob]);
  const [adaSock, bobSock, eveSock] = await Promise.all([connect(ada.token), connect(bob.token), connect(eve.token)]);
  const sent = await request(adaSock, "sendMessage", { conversationId: group.id, content: "lunch?" });
  const id = sent.message.id;

  // Bob reacts over the socket: his ack says it is his, Ada is told who did what and the counts.
  const toAda = next(adaSock, "reactionsUpdated");
  const ack = await react(bobSock, group.id, id, "👍");
  assert.deepEqual([ack.ok, ack.messageId, ack.reactions], [true, id, [{ emoji: "👍", count: 1, mine: true }]]);
  assert.deepEqual(await toAda, {
    conversationId: group.id, messageId: id, userId: bob.id, emoji: "👍", reacted: true, reactions: [{ emoji: "👍", count: 1 }],
  });

  // Ada reacts over REST with an unqualified heart: the same reaction as the qualified one. (Bob's
  // own event may still be on its way: his ack is not held back for the broadcast.)
  const toBob = next(bobSock, "reactionsUpdated", (e) => e.userId === ada.id);
  const put = await api("PUT", path(group.id, id, "❤"), ada.token);
  assert.equal(put.status, 200);
  assert.deepEqual(put.body.reactions, [{ emoji: "👍", count: 1, mine: false }, { emoji: "❤️", count: 1, mine: true }]);
  assert.deepEqual([(await toBob).userId, (await toBob).emoji], [ada.id, "❤️"]);
  assert.equal((await api("PUT", path(group.id, id, "❤️"), ada.token)).body.reactions[1].count, 1, "once per member");

  const history = async (user) =>
    (await api("GET", `/api/conversations/${group.id}/messages`, user.token)).body.items.find((m) => m.id === id).reactions;
  assert.deepEqual(await history(bob), [{ emoji: "👍", count: 1, mine: true }, { emoji: "❤️", count: 1, mine: false }]);
  assert.deepEqual(await history(ada), [{ emoji: "👍", count: 1, mine: false }, { emoji: "❤️", count: 1, mine: true }]);

  // Taken back over the socket and over REST.
  const removed = next(adaSock, "reactionsUpdated", (e) => !e.reacted);
  assert.deepEqual((await unreact(bobSock, group.id, id, "👍")).reactions, [{ emoji: "❤️", count: 1, mine: false }]);
  assert.deepEqual([(await removed).reacted, (await removed).reactions], [false, [{ emoji: "❤️", count: 1 }]]);
  const deleted = await api("DELETE", path(group.id, id, "❤️"), ada.token);
  assert.deepEqual([deleted.status, deleted.body.reactions], [200, []]);
  assert.equal(await history(bob), undefined, "a message without reactions carries none");

  // A stranger learns nothing; a word is not an emoji.
  const refused = await react(eveSock, group.id, id, "👍");
  assert.deepEqual([refused.ok, refused.error.code], [false, "not_found"]);
  assert.equal((await api("PUT", path(group.id, id, "👍"), eve.token)).status, 404);
  const word = await api("PUT", path(group.id, id, "yes"), ada.token);
  assert.deepEqual([word.status, word.body.error.details.field], [422, "emoji"]);
  const malformed = await request(bobSock, "addReaction", { conversationId: group.id, messageId: id });
  assert.deepEqual([malformed.ok, malformed.error.code], [false, "bad_request"]);
});
