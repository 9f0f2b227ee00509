// What connection scale rests on: nothing left behind by closed sockets, logins checked from a
// cache that a revocation updates at once, and the presence rule of docs/realtime.md.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import { register, connect, closeAll, request, conversation, sleep, api, URL, stateEntries } from "./helpers.mjs";

after(closeAll);

test("a thousand connects and disconnects leave no per-socket entry behind", async () => {
  const ada = await register("ada");
  const probe = await connect(ada.token, { transports: ["websocket"] });
  assert.equal((await request(probe, "setStatus", { status: "online" })).ok, true);
  const during = await stateEntries();
  assert.ok(during.sockets >= 1, `a live socket shows: ${JSON.stringify(during)}`);
  probe.close();

  const cycles = 1000;
  const atOnce = 50;
  for (let done = 0; done < cycles; done += atOnce) {
    await Promise.all(
      Array.from({ length: atOnce }, async () => {
        const socket = await connect(ada.token, { transports: ["websocket"] });
        const ack = await request(socket, "setStatus", { status: "online" });
        assert.equal(ack.ok, true);
        socket.close();
      }),
    );
  }
  // Closing is asynchronous on the server: allow it a moment.
  let settled = {};
  const deadline = Date.now() + 10000;
  do {
    settled = await stateEntries();
    if (settled.sockets === 0) break;
    await sleep(50);
  } while (Date.now() < deadline);
  assert.equal(settled.sockets, 0, `every socket closed: ${JSON.stringify(settled)}`);
});

test("a revoked login is refused at once on the instance that revoked it, over REST and at the handshake", async () => {
  const ada = await register("ada");
  // Checked once, so the login is in the session cache as active.
  assert.equal((await api("GET", "/api/users/me", ada.token)).status, 200);
  const socket = await connect(ada.token);
  const closed = new Promise((resolve) => socket.once("disconnect", resolve));
  assert.equal((await api("POST", "/api/auth/logout", null, { refreshToken: ada.refresh })).status, 204);
  const refused = await api("GET", "/api/users/me", ada.token);
  assert.equal(refused.status, 401, "the cached 'active' gave way to the revocation");
  await assert.rejects(connect(ada.token), /unauthorized/);
  assert.equal(await closed, "io server disconnect");
});

/** `n` fresh users, registered a few at a time. */
async function users(n, prefix) {
  const all = [];
  for (let i = 0; i < n; i += 20) all.push(...(await Promise.all(Array.from({ length: Math.min(20, n - i) }, () => register(prefix)))));
  return all;
}

/** Connects every member at once and collects the userStatus frames each receives, listening
 * from before its connection opens, until things settle. */
async function connectAllAndCount(members) {
  const frames = members.map(() => []);
  const sockets = members.map((m, i) => {
    const socket = io(URL, { auth: { token: m.token }, transports: ["websocket"], reconnection: false, forceNew: true });
    socket.on("userStatus", (p) => frames[i].push(p));
    return socket;
  });
  await Promise.all(sockets.map((s) => new Promise((resolve, reject) => {
    s.once("connect", resolve);
    s.once("connect_error", reject);
  })));
  // The presence interval is 250 ms: a second covers it several times over.
  await sleep(1000);
  sockets.forEach((s) => s.close());
  return frames;
}

test("200 members of one group connecting at once get no presence of each other, only their own", async () => {
  const members = await users(200, "big");
  const [owner, ...rest] = members;
  const group = await conversation(owner, "group", rest, "big group");
  assert.equal(group.members.length, 200);
  const frames = await connectAllAndCount(members);
  for (const [i, received] of frames.entries()) {
    assert.ok(received.length <= 1, `receiver ${i} got ${received.length} userStatus frames`);
    assert.ok(received.every((p) => p.userId === members[i].id), "only their own status");
  }
  // The documented way to see them: the users routes.
  const profile = await api("GET", `/api/users/${rest[0].id}`, owner.token);
  assert.equal(profile.status, 200);
});

test("members of a small group connecting at once get at most one userStatus per member", async () => {
  const members = await users(10, "small");
  const [owner, ...rest] = members;
  await conversation(owner, "group", rest, "small group");
  const frames = await connectAllAndCount(members);
  for (const [i, received] of frames.entries()) {
    assert.ok(received.length <= members.length, `receiver ${i} got ${received.length} userStatus frames`);
    const senders = received.map((p) => p.userId);
    assert.equal(new Set(senders).size, senders.length, "one frame per member at most");
  }
  // Whoever connected, the one who connected first heard of the others coming online.
  assert.ok(frames.some((received) => received.length > 1), "presence still flows in small groups");
});
