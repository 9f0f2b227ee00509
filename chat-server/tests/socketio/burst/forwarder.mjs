// Run against a server whose event queue holds 16 events (CHAT_EVENT_QUEUE_MAX), with no
// per-socket rate limit: a burst of messages overflows it while a member is removed and a login
// is revoked. The messages past the bound may be shed (clients recover them by seq); the
// membership change and the revocation must still arrive.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { register, connect, closeAll, conversation, next, api, URL } from "../helpers.mjs";

after(closeAll);

async function shedSoFar() {
  const text = await (await fetch(`${URL}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("chat_events_shed_total"));
  return line ? Number(line.split(" ").pop()) : 0;
}

test("under a burst past the event queue, memberRemoved is delivered and a revoked login is disconnected", async () => {
  const [owner, bob] = await Promise.all([register("owner"), register("bob")]);
  const second = (await api("POST", "/api/auth/login", null, { login: bob.username, password: "password123" })).body;
  const group = await conversation(owner, "group", [bob], "burst");
  const [sender, bobSocket, doomed] = await Promise.all([connect(owner.token), connect(bob.token), connect(second.accessToken)]);
  const removed = next(bobSocket, "memberRemoved", (e) => e.userId === bob.id && e.conversationId === group.id, 15000);
  const ended = new Promise((resolve) => doomed.once("disconnect", resolve));
  const shedBefore = await shedSoFar();

  const burst = 2000;
  const acks = Array.from({ length: burst }, (_, i) =>
    sender.timeout(30000).emitWithAck("sendMessage", { conversationId: group.id, content: `m${i}`, clientMsgId: `burst-${i}` }),
  );
  const [removal, logout] = await Promise.all([
    api("DELETE", `/api/conversations/${group.id}/members/${bob.id}`, owner.token),
    api("POST", "/api/auth/logout", null, { refreshToken: second.refreshToken }),
  ]);
  assert.equal(removal.status, 204);
  assert.equal(logout.status, 204);
  const answered = await Promise.all(acks);
  assert.ok(answered.filter((a) => a.ok).length > 0, "the burst was stored");

  assert.equal((await removed).userId, bob.id);
  assert.equal(await ended, "io server disconnect");
  const shed = (await shedSoFar()) - shedBefore;
  assert.ok(shed > 0, "the burst really overflowed the queue (else this test proves nothing)");
});
