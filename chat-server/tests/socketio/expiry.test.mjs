// A socket lives as long as its access token, unless the client shows a fresh one (`refreshAuth`).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { register, connect, closeAll, request, signToken, sleep } from "./helpers.mjs";

after(closeAll);

/** `user`'s token re-signed to expire `secs` from now (the same login and claims otherwise). */
function expiringIn(user, secs) {
  const claims = JSON.parse(Buffer.from(user.token.split(".")[1], "base64url").toString());
  return signToken({ ...claims, exp: Math.floor(Date.now() / 1000) + secs });
}

/** Resolves with the time the socket was told its token expired and then closed. */
function closedAt(socket) {
  return new Promise((resolve) => {
    let told = false;
    socket.once("authExpired", () => (told = true));
    socket.once("disconnect", (reason) => resolve({ at: Date.now(), told, reason }));
  });
}

test("a socket is told and closed when its token expires, and a fresh token keeps another open", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const expiresAt = Math.floor(Date.now() / 1000) + 3;
  const [stale, kept] = await Promise.all([connect(expiringIn(ada, 3)), connect(expiringIn(ada, 3))]);
  const staleClosed = closedAt(stale);
  const keptClosed = closedAt(kept);

  const refreshed = await request(kept, "refreshAuth", { token: expiringIn(ada, 600) });
  assert.equal(refreshed.ok, true, JSON.stringify(refreshed));
  assert.ok(Date.parse(refreshed.expiresAt) > Date.now() + 500_000, refreshed.expiresAt);
  // Someone else's token, or no valid token, changes nothing.
  const foreign = await request(stale, "refreshAuth", { token: bob.token });
  assert.equal(foreign.error.code, "forbidden");
  const garbage = await request(stale, "refreshAuth", { token: "not-a-token" });
  assert.equal(garbage.error.code, "unauthorized");
  const malformed = await request(stale, "refreshAuth", { jwt: ada.token });
  assert.equal(malformed.error.code, "bad_request");

  const closed = await Promise.race([staleClosed, sleep(8000).then(() => null)]);
  assert.ok(closed, "the socket outlived its token by more than 5 s");
  assert.ok(closed.told, "authExpired came before the close");
  assert.equal(closed.reason, "io server disconnect");
  assert.ok(closed.at >= expiresAt * 1000, "not closed before the token expired");
  assert.ok(closed.at <= expiresAt * 1000 + 2500, `closed ${closed.at - expiresAt * 1000} ms after expiry`);

  assert.equal(await Promise.race([keptClosed.then(() => "closed"), sleep(1500).then(() => "open")]), "open");
  const ack = await request(kept, "syncConversation", { conversationId: "5b1e8c1a-0000-4000-8000-000000000000", afterSeq: 0 });
  assert.equal(ack.error.code, "not_found", "the refreshed socket still answers");
});
