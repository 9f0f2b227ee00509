// The Engine.IO heartbeat, over raw WebSockets against a server whose ping interval and timeout
// are 1 s each (run by `socketio.rs`): the server pings one interval after the OPEN packet, keeps
// a connection that answers, and closes one that does not, freeing its socket.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { register, sleep, rawSocket, join, request, connect, closeAll, stateEntries } from "../helpers.mjs";

after(closeAll);

/** Resolves with the time the next ping ("2") arrives on `ws`. */
function nextPing(ws, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ping within ${timeoutMs} ms`)), timeoutMs);
    ws.on("message", function onMessage(data) {
      if (String(data) !== "2") return;
      clearTimeout(timer);
      ws.off("message", onMessage);
      resolve(Date.now());
    });
  });
}

test("the server pings one interval after the open packet and closes a connection that does not answer within the timeout", async () => {
  const ada = await register("ada");
  const ws = await rawSocket();
  assert.equal(ws.open.pingInterval, 1000);
  assert.equal(ws.open.pingTimeout, 1000);
  const pinged = nextPing(ws);
  await join(ws, ada.token);
  const pingedAt = await pinged;
  const sinceOpen = pingedAt - ws.openedAt;
  assert.ok(sinceOpen >= 900 && sinceOpen < 1600, `first ping ${sinceOpen} ms after the OPEN packet`);
  // No pong: the server closes the connection once the timeout has passed.
  const closedAt = await Promise.race([ws.closed, sleep(5000).then(() => null)]);
  assert.ok(closedAt, "the silent connection was closed");
  const afterPing = closedAt - pingedAt;
  assert.ok(afterPing >= 900 && afterPing < 2000, `closed ${afterPing} ms after the unanswered ping`);
  let entries;
  for (let i = 0; i < 100; i++) {
    entries = await stateEntries();
    if (entries.sockets === 0) break;
    await sleep(20);
  }
  assert.equal(entries.sockets, 0, `its socket is gone: ${JSON.stringify(entries)}`);
});

test("a connection that answers every ping stays open and keeps working", async () => {
  const ada = await register("ada");
  const ws = await rawSocket();
  await join(ws, ada.token);
  let pings = 0;
  ws.on("message", (data) => {
    if (String(data) === "2") {
      pings += 1;
      ws.send("3");
    }
  });
  await sleep(4500);
  assert.ok(pings >= 3, `${pings} pings in 4.5 s at a 1 s interval`);
  assert.equal(ws.readyState, ws.OPEN, "still open");
  ws.send('421["setStatus",{"status":"busy"}]');
  const deadline = Date.now() + 5000;
  let ack;
  while (!(ack = ws.frames.find((f) => typeof f === "string" && f.startsWith("431[")))) {
    assert.ok(Date.now() < deadline, `no ack: ${JSON.stringify(ws.frames)}`);
    await sleep(10);
  }
  assert.equal(JSON.parse(ack.slice(3))[0].ok, true);
  ws.close();
});

test("the official client, which answers pings by itself, stays connected across several intervals", async () => {
  const ada = await register("ada");
  const socket = await connect(ada.token, { transports: ["websocket"] });
  await sleep(3500);
  assert.equal(socket.connected, true);
  assert.equal((await request(socket, "setStatus", { status: "online" })).ok, true);
  // Over polling, then upgraded: the heartbeat started with the polling session goes on.
  const upgraded = await connect(ada.token);
  await sleep(3500);
  assert.equal(upgraded.connected, true);
  assert.equal(upgraded.io.engine.transport.name, "websocket");
  assert.equal((await request(upgraded, "setStatus", { status: "online" })).ok, true);
});
