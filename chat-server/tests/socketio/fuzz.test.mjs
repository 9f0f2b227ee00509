// Property test: arbitrary JSON, and objects shaped almost like each event's payload, sent to
// every client event. Each gets an acknowledgement, never an internal error, and the connection
// stays open. fast-check shrinks any failure to a minimal payload and prints its seed.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { URL, register, connect, closeAll, conversation } from "./helpers.mjs";

after(closeAll);

const RUNS = Number(process.env.CHAT_FUZZ_RUNS ?? 250);
const EVENTS = ["sendMessage", "syncConversation", "markAsRead", "markAsDelivered", "userTyping", "setStatus", "uploadFile", "refreshAuth"];
const CODES = ["bad_request", "unauthorized", "forbidden", "not_found", "conflict", "rate_limited", "payload_too_large", "gone"];

test("arbitrary payloads to every event get a well-formed ack and never an internal error", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const conv = await conversation(ada, "direct", [bob]);
  const socket = await connect(ada.token);

  const anything = fc.jsonValue({ maxDepth: 3 });
  // Field values that reach past the first checks: real and fake ids, edge numbers, odd text.
  const value = fc.oneof(
    anything,
    fc.constant(conv.id),
    fc.uuid(),
    fc.integer({ min: -(2 ** 53), max: 2 ** 53 }),
    fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 63, 1e308, -0, 0.5, "", "\u0000", "\u202E", "online", "away"),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.base64String({ maxLength: 200 }),
  );
  const keys = fc.constantFrom("conversationId", "content", "clientMsgId", "attachmentIds", "replyToId", "afterSeq", "limit", "seq", "isTyping", "status", "fileName", "contentType", "data", "token", "__proto__", "constructor");
  const shaped = fc.dictionary(keys, value, { maxKeys: 6 });
  const payload = fc.oneof(anything, shaped);
  // socketioxide closes the connection of an event whose *name* JSON has to escape (a quote, a
  // backslash, a control character): its parser borrows the name from the packet. Such names are
  // outside the contract, so they are left out here (docs/realtime.md, "Limits").
  const name = fc.string({ maxLength: 80 }).filter((s) => !/["\\\u0000-\u001f]/.test(s));
  const event = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...EVENTS) }, { weight: 1, arbitrary: name });

  await fc.assert(
    fc.asyncProperty(event, payload, async (name, data) => {
      const ack = await socket.timeout(5000).emitWithAck(name, data);
      assert.equal(typeof ack?.ok, "boolean", `${name} ${JSON.stringify(data)} → ${JSON.stringify(ack)}`);
      if (!ack.ok) {
        assert.ok(CODES.includes(ack.error?.code), `${name} ${JSON.stringify(data)} → ${JSON.stringify(ack)}`);
        assert.equal(typeof ack.error.message, "string");
      }
      assert.ok(socket.connected, `${name} ${JSON.stringify(data)} closed the connection`);
    }),
    { numRuns: RUNS * EVENTS.length },
  );
  assert.equal((await fetch(`${URL}/health`)).status, 200, "the server is still up");
});
