import { test, after } from "node:test";
import assert from "node:assert/strict";
import { register, connect, closeAll, request, next, collect, conversation, sleep, api } from "./helpers.mjs";

after(closeAll);

test("typing reaches the other members, never the typer's own tabs, and expires without a refresh", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const conv = await conversation(ada, "direct", [bob]);
  const [adaTab1, adaTab2, bobSock] = await Promise.all([connect(ada.token), connect(ada.token), connect(bob.token)]);
  const echoes = [collect(adaTab1, "userTyping"), collect(adaTab2, "userTyping")];
  const started = next(bobSock, "userTyping");
  const ack = await request(adaTab1, "userTyping", { conversationId: conv.id, isTyping: true });
  assert.equal(ack.ok, true);
  assert.deepEqual(await started, { conversationId: conv.id, userId: ada.id, isTyping: true });
  // No refresh: the server ends the state by itself after a few seconds.
  const expired = await next(bobSock, "userTyping", (e) => e.isTyping === false, 8000);
  assert.equal(expired.userId, ada.id);
  assert.equal(echoes[0].length + echoes[1].length, 0, "the typer never hears itself");

  const outsider = await register("eve");
  const eveSock = await connect(outsider.token);
  const refused = await request(eveSock, "userTyping", { conversationId: conv.id, isTyping: true });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, "not_found");
});

test("presence goes online, away and offline across two tabs, with lastSeen", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  await conversation(ada, "direct", [bob]);
  const bobSock = await connect(bob.token);
  const statuses = collect(bobSock, "userStatus");

  const online = next(bobSock, "userStatus", (e) => e.userId === ada.id && e.status === "online");
  const tab1 = await connect(ada.token);
  await online;
  const tab2 = await connect(ada.token);
  let profile = await api("GET", `/api/users/${ada.id}`, bob.token);
  assert.equal(profile.body.status, "online");

  const away = next(bobSock, "userStatus", (e) => e.userId === ada.id && e.status === "away");
  assert.equal((await request(tab2, "setStatus", { status: "away" })).status, "away");
  await away;
  assert.equal((await api("GET", `/api/users/${ada.id}`, bob.token)).body.status, "away");

  tab1.close();
  await sleep(300);
  assert.equal((await api("GET", `/api/users/${ada.id}`, bob.token)).body.status, "away", "one tab still open");
  const offline = next(bobSock, "userStatus", (e) => e.userId === ada.id && e.status === "offline");
  tab2.close();
  const gone = await offline;
  assert.ok(gone.lastSeen, "offline carries lastSeen");
  profile = await api("GET", `/api/users/${ada.id}`, bob.token);
  assert.equal(profile.body.status, "offline");
  assert.equal(profile.body.lastSeen, gone.lastSeen);
  assert.ok(statuses.every((s) => s.userId !== bob.id || s.status === "online"));

  const bad = await request(bobSock, "setStatus", { status: "offline" });
  assert.equal(bad.ok, false);
  assert.equal(bad.error.code, "bad_request");
});

test("status changes reach the contacts a user added, never someone who merely added them", async () => {
  const [ada, fan] = await Promise.all([register("ada"), register("fan")]);
  assert.equal((await api("PUT", `/api/contacts/${ada.id}`, fan.token)).status, 204);
  const fanSock = await connect(fan.token);
  const seen = collect(fanSock, "userStatus");
  const adaSock = await connect(ada.token);
  await request(adaSock, "setStatus", { status: "busy" });
  await sleep(800); // past the presence flush
  assert.deepEqual(seen.filter((e) => e.userId === ada.id), [], "a one-sided follower sees nothing");
  const profile = await api("GET", `/api/users/${ada.id}`, fan.token);
  assert.equal(profile.body.status, undefined);

  assert.equal((await api("PUT", `/api/contacts/${fan.id}`, ada.token)).status, 204);
  const away = next(fanSock, "userStatus", (e) => e.userId === ada.id && e.status === "away");
  await request(adaSock, "setStatus", { status: "away" });
  await away;
  assert.equal((await api("GET", `/api/users/${ada.id}`, fan.token)).body.status, "away");
});
