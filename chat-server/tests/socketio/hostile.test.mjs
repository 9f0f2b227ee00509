// Frames the official client never sends, over a raw Engine.IO WebSocket: binary attachments
// past the message size, and a connection that never joins the namespace.
import { test } from "node:test";
import assert from "node:assert/strict";
import { register, sleep, rawSocket, join } from "./helpers.mjs";

const MAX = Number(process.env.CHAT_SOCKET_MAX_MESSAGE_BYTES ?? 65536);
const HANDSHAKE_SECS = Number(process.env.CHAT_SOCKET_HANDSHAKE_TIMEOUT_SECS ?? 10);

/** Streams 2 MiB in 32 KiB binary frames after `header`; resolves with the bytes sent before the server closed. */
async function streamAttachments(ws, header) {
  ws.send(header);
  const chunk = Buffer.alloc(32 * 1024, 7);
  let sent = 0;
  let closed = false;
  ws.closed.then(() => (closed = true));
  while (!closed && sent < 2 * 1024 * 1024) {
    await new Promise((resolve) => ws.send(chunk, { binary: true }, () => resolve()));
    sent += chunk.length;
    await sleep(5);
  }
  await Promise.race([ws.closed, sleep(3000)]);
  return { sent, closed };
}

for (const stage of ["before", "after"]) {
  test(`binary attachments past the message size close the connection ${stage} CONNECT`, async () => {
    const ada = await register("ada");
    const heavy = await rawSocket();
    if (stage === "after") await join(heavy, ada.token);
    // Within the attachment count, but 2 MiB of them.
    const { sent, closed } = await streamAttachments(heavy, '458-["sendMessage",{"_placeholder":true,"num":0}]');
    assert.ok(closed, "the connection was closed");
    assert.ok(sent <= MAX + 4 * 32 * 1024, `closed after ${sent} bytes, not near the ${MAX}-byte limit`);

    // The header of the issue: 1,000 attachments announced.
    const many = await rawSocket();
    if (stage === "after") await join(many, ada.token);
    const result = await streamAttachments(many, '451000-["x"]');
    assert.ok(result.closed && result.sent <= 4 * 32 * 1024, `closed after ${result.sent} bytes`);
  });
}

test("attachments within the limits still reach the handler, which answers with an error ack", async () => {
  const ada = await register("ada");
  const ws = await rawSocket();
  await join(ws, ada.token);
  ws.send('451-7["uploadFile",{"_placeholder":true,"num":0}]');
  ws.send(Buffer.alloc(1024, 1), { binary: true });
  const deadline = Date.now() + 5000;
  let ack;
  while (!(ack = ws.frames.find((f) => typeof f === "string" && f.startsWith("437[")))) {
    assert.ok(Date.now() < deadline, `no ack: ${JSON.stringify(ws.frames)}`);
    await sleep(10);
  }
  assert.equal(JSON.parse(ack.slice(3))[0].error.code, "bad_request");
  assert.equal(ws.readyState, ws.OPEN, "a bounded binary packet costs nothing");
  ws.close();
});

test("a connection that never joins the namespace is closed at the handshake deadline", async () => {
  const idle = await rawSocket();
  const opened = Date.now();
  const closedAt = await Promise.race([idle.closed, sleep(HANDSHAKE_SECS * 1000 + 5000).then(() => null)]);
  assert.ok(closedAt, `still open ${HANDSHAKE_SECS + 5} s after opening`);
  const after = (closedAt - opened) / 1000;
  assert.ok(after >= HANDSHAKE_SECS - 0.5, `closed after ${after} s, before the ${HANDSHAKE_SECS} s deadline`);
});
