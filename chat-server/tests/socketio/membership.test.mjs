import { test, after } from "node:test";
import assert from "node:assert/strict";
import { register, connect, closeAll, request, next, collect, conversation, sleep, api } from "./helpers.mjs";

after(closeAll);

test("a member removed over REST stops receiving at once", async () => {
  const [owner, bob, cy] = await Promise.all([register("owner"), register("bob"), register("cyd")]);
  const group = await conversation(owner, "group", [bob, cy]);
  const [ownerSock, cySock] = await Promise.all([connect(owner.token), connect(cy.token)]);
  const removedNotice = next(cySock, "memberRemoved");
  const res = await api("DELETE", `/api/conversations/${group.id}/members/${cy.id}`, owner.token);
  assert.equal(res.status, 204);
  assert.deepEqual(await removedNotice, { conversationId: group.id, userId: cy.id });
  const received = collect(cySock, "receiveMessage");
  await request(ownerSock, "sendMessage", { conversationId: group.id, content: "after removal" });
  await sleep(300);
  assert.equal(received.length, 0);
  const send = await request(cySock, "sendMessage", { conversationId: group.id, content: "let me in" });
  assert.equal(send.ok, false);
  assert.equal(send.error.code, "not_found");
});

test("a user added over REST gets conversationCreated and the next message without reconnecting", async () => {
  const [owner, bob, dan] = await Promise.all([register("owner"), register("bob"), register("dan")]);
  const group = await conversation(owner, "group", [bob]);
  const [ownerSock, danSock, bobSock] = await Promise.all([connect(owner.token), connect(dan.token), connect(bob.token)]);
  const created = next(danSock, "conversationCreated");
  const memberAdded = next(bobSock, "memberAdded");
  assert.equal((await api("POST", `/api/conversations/${group.id}/members`, owner.token, { userId: dan.id })).status, 201);
  const conv = await created;
  assert.equal(conv.id, group.id);
  assert.ok(conv.members.some((m) => m.userId === dan.id));
  assert.deepEqual(await memberAdded, { conversationId: group.id, userId: dan.id });
  const message = next(danSock, "receiveMessage");
  await request(ownerSock, "sendMessage", { conversationId: group.id, content: "welcome dan" });
  assert.equal((await message).content, "welcome dan");
});

test("a conversation created over REST reaches both members, who can chat in it at once", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const [adaSock, bobSock] = await Promise.all([connect(ada.token), connect(bob.token)]);
  const created = next(bobSock, "conversationCreated");
  const conv = await conversation(ada, "direct", [bob]);
  assert.equal((await created).id, conv.id);
  const message = next(bobSock, "receiveMessage");
  await request(adaSock, "sendMessage", { conversationId: conv.id, content: "first" });
  assert.equal((await message).seq, 1);
  const renamed = next(bobSock, "conversationUpdated");
  const group = await conversation(ada, "group", [bob]);
  await next(bobSock, "receiveMessage", () => false, 50).catch(() => {});
  await api("PATCH", `/api/conversations/${group.id}`, ada.token, { name: "renamed" });
  assert.equal((await renamed).name, "renamed");
});

test("logout disconnects that login's sockets and leaves the user's other logins connected", async () => {
  const ada = await register("ada");
  const other = (await api("POST", "/api/auth/login", null, { login: ada.username, password: "password123" })).body;
  const [doomed, survivor] = await Promise.all([connect(ada.token), connect(other.accessToken)]);
  const reason = new Promise((resolve) => doomed.once("disconnect", resolve));
  assert.equal((await api("POST", "/api/auth/logout", null, { refreshToken: ada.refresh })).status, 204);
  assert.equal(await reason, "io server disconnect");
  await sleep(200);
  assert.ok(survivor.connected);
  await assert.rejects(connect(ada.token), /unauthorized/);
});

test("ending a login from the device list disconnects that device's sockets and refuses its tokens", async () => {
  const ada = await register("ada");
  const phone = (await api("POST", "/api/auth/login", null, { login: ada.username, password: "password123" })).body;
  const [phoneSocket, laptopSocket] = await Promise.all([connect(phone.accessToken), connect(ada.token)]);
  const devices = await api("GET", "/api/auth/sessions", ada.token);
  assert.equal(devices.status, 200);
  assert.equal(devices.body.length, 2);
  const [current, other] = [devices.body.find((s) => s.current), devices.body.find((s) => !s.current)];
  assert.ok(current && other, JSON.stringify(devices.body));
  const reason = new Promise((resolve) => phoneSocket.once("disconnect", resolve));
  assert.equal((await api("DELETE", `/api/auth/sessions/${other.id}`, ada.token)).status, 204);
  assert.equal(await reason, "io server disconnect");
  assert.equal((await api("GET", "/api/users/me", phone.accessToken)).status, 401);
  assert.equal((await api("POST", "/api/auth/refresh", null, { refreshToken: phone.refreshToken })).status, 401);
  await assert.rejects(connect(phone.accessToken), /unauthorized/);
  await sleep(200);
  assert.ok(laptopSocket.connected, "the device that ended it stays connected");
  assert.equal((await api("DELETE", `/api/auth/sessions/${other.id}`, ada.token)).status, 404, "ended already");
});
