import { test, after } from "node:test";
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import { URL, register, connect, closeAll, signToken, request, until } from "./helpers.mjs";

after(closeAll);

test("a valid token connects over long-polling only", async () => {
  const ada = await register("ada");
  const socket = await connect(ada.token, { transports: ["polling"] });
  assert.equal(socket.io.engine.transport.name, "polling");
  const ack = await request(socket, "setStatus", { status: "online" });
  assert.equal(ack.ok, true);
});

test("a valid token connects over WebSocket only", async () => {
  const ada = await register("ada");
  const socket = await connect(ada.token, { transports: ["websocket"] });
  assert.equal(socket.io.engine.transport.name, "websocket");
});

test("a polling connection upgrades to WebSocket", async () => {
  const ada = await register("ada");
  const socket = await connect(ada.token, { transports: ["polling", "websocket"] });
  await until(() => socket.io.engine.transport.name === "websocket", "the upgrade");
  const ack = await request(socket, "setStatus", { status: "busy" });
  assert.equal(ack.ok, true);
});

test("an Authorization header is accepted instead of auth.token", async () => {
  const ada = await register("ada");
  const socket = await connect(undefined, { transports: ["polling"], extraHeaders: { authorization: `Bearer ${ada.token}` } });
  assert.ok(socket.connected);
});

async function refused(token, transports = ["websocket"]) {
  await assert.rejects(connect(token, { transports }), (err) => {
    assert.equal(err.message, "unauthorized");
    return true;
  });
}

test("a missing, forged or expired token gets connect_error unauthorized", async () => {
  const ada = await register("ada");
  await refused(undefined);
  await refused("not-a-token");
  const tail = ada.token.endsWith("AAAA") ? "BBBB" : "AAAA";
  await refused(ada.token.slice(0, -4) + tail);
  const now = Math.floor(Date.now() / 1000);
  const [, payload] = ada.token.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  await refused(signToken({ ...claims, exp: now - 120 }));
  await refused(signToken({ ...claims, aud: "someone-else" }));
  await refused(signToken({ ...claims, exp: now - 120 }), ["polling"]);
  // The same claims, freshly signed, are accepted: the refusals above are about the changes.
  const ok = await connect(signToken({ ...claims, exp: now + 600 }), { transports: ["websocket"] });
  assert.ok(ok.connected);
});

test("a raw socket.io-client with no auth at all is refused", async () => {
  const socket = io(URL, { reconnection: false, forceNew: true });
  const err = await new Promise((resolve) => socket.once("connect_error", resolve));
  socket.close();
  assert.equal(err.message, "unauthorized");
});
