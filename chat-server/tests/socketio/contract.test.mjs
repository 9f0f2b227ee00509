// The realtime API's AsyncAPI document (`/api/asyncapi.json`, generated from the server's types)
// against what the server really sends: a scripted session makes every server event happen and
// sends every client event, and each payload, ack and event is validated against the document's
// schemas, with every object closed (a field the document does not declare fails too).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import Ajv2020 from "ajv/dist/2020.js";
import { URL, api, register, connect, closeAll, request, next, until, conversation, signToken, png } from "./helpers.mjs";

after(closeAll);

/** Closes every object schema that lists its properties, so undeclared fields fail validation. */
function closeObjects(schema) {
  if (Array.isArray(schema)) return schema.forEach(closeObjects);
  if (!schema || typeof schema !== "object") return;
  if (schema.properties && schema.additionalProperties === undefined) schema.unevaluatedProperties = false;
  Object.values(schema).forEach(closeObjects);
}

/** Validators for every event of `doc`: `server[name](payload)`, `client[name].payload/ack`. */
function validators(doc) {
  const ajv = new Ajv2020({ strictSchema: false, allErrors: true });
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  ajv.addFormat("date-time", { validate: (s) => /^\d{4}-\d\d-\d\dT/.test(s) && !Number.isNaN(Date.parse(s)) });
  for (const format of ["int32", "int64", "uint64"]) ajv.addFormat(format, { type: "number", validate: Number.isInteger });
  const components = structuredClone(doc.components);
  // The ack's answer is checked apart from `ok`, so the answer schemas stay as declared for that.
  closeObjects(components.schemas);
  ajv.addSchema({ $id: "asyncapi", components }, "asyncapi");
  const compile = (ref) => {
    const validate = ajv.compile({ $ref: `asyncapi${ref}` });
    return (value, what) => assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`);
  };
  const message = (ref) => doc.components.messages[ref.$ref.split("/").pop()];
  const server = {};
  const client = {};
  for (const operation of Object.values(doc.operations)) {
    const event = message(operation.messages[0]);
    if (operation.action === "send") {
      server[event.name] = compile(event.payload.$ref);
      continue;
    }
    const [success, failure] = message(operation.reply.messages[0]).payload.oneOf;
    const answer = success.allOf ? compile(success.allOf[1].$ref) : (rest, what) => assert.deepEqual(rest, {}, what);
    const failed = compile(failure.$ref);
    client[event.name] = {
      payload: compile(event.payload.$ref),
      ack: (ack, what) => {
        if (ack.ok !== true) return failed(ack, what);
        const { ok, ...rest } = ack;
        answer(rest, what);
      },
    };
  }
  return { server, client };
}

test("every event and acknowledgement the server sends matches the AsyncAPI document, and every event in it happens", async () => {
  const doc = await (await fetch(`${URL}/api/asyncapi.json`)).json();
  const check = validators(doc);
  const seen = new Set();
  const acked = new Set();
  const watch = (socket) => {
    socket.onAny((event, payload) => {
      assert.ok(check.server[event], `${event} is not in the document`);
      check.server[event](payload, `server event ${event}`);
      seen.add(event);
    });
    return socket;
  };
  const call = async (socket, event, payload) => {
    check.client[event].payload(payload, `the test's own ${event} payload`);
    const ack = await request(socket, event, payload);
    check.client[event].ack(ack, `ack of ${event}`);
    acked.add(event);
    return ack;
  };

  const [ada, bob, cyd] = await Promise.all([register("ada"), register("bob"), register("cyd")]);
  const [adaSock, bobSock, cydSock] = (await Promise.all([connect(ada.token), connect(bob.token), connect(cyd.token)])).map(watch);
  const group = await conversation(ada, "group", [bob]);
  await until(() => seen.has("conversationCreated"), "conversationCreated");

  // Messages, receipts, typing, status, reactions, catching up.
  const sent = await call(adaSock, "sendMessage", { conversationId: group.id, content: `hi @${bob.username}`, clientMsgId: "c1" });
  assert.equal(sent.ok, true, JSON.stringify(sent));
  const id = sent.message.id;
  await call(bobSock, "markAsDelivered", { conversationId: group.id, seq: 1 });
  await call(bobSock, "markAsRead", { conversationId: group.id, seq: 1 });
  await call(bobSock, "userTyping", { conversationId: group.id, isTyping: true });
  await call(bobSock, "setStatus", { status: "away" });
  await call(bobSock, "addReaction", { conversationId: group.id, messageId: id, emoji: "👍" });
  await call(bobSock, "removeReaction", { conversationId: group.id, messageId: id, emoji: "👍" });
  assert.equal((await call(bobSock, "syncConversation", { conversationId: group.id, afterSeq: 0, limit: 10 })).messages.length, 1);
  assert.equal((await api("PATCH", `/api/messages/${id}`, ada.token, { content: "edited" })).status, 200);
  assert.equal((await api("DELETE", `/api/messages/${id}?scope=everyone`, ada.token)).status, 204);

  // Uploads, a refreshed login, membership changes, a deleted conversation.
  const upload = await call(adaSock, "uploadFile", { fileName: "dot.png", contentType: "image/png", data: png(8, 8).toString("base64") });
  assert.equal(upload.ok, true, JSON.stringify(upload));
  const refreshed = await api("POST", "/api/auth/refresh", null, { refreshToken: ada.refresh });
  assert.equal((await call(adaSock, "refreshAuth", { token: refreshed.body.accessToken })).ok, true);
  assert.equal((await api("POST", `/api/conversations/${group.id}/members`, ada.token, { userId: cyd.id })).status, 201);
  assert.equal((await api("PATCH", `/api/conversations/${group.id}`, ada.token, { name: "renamed" })).status, 200);
  assert.equal((await api("DELETE", `/api/conversations/${group.id}/members/${cyd.id}`, ada.token)).status, 204);
  assert.equal((await api("DELETE", `/api/conversations/${group.id}`, ada.token)).status, 204);

  // A flash group that expires, and a socket whose token does.
  const flash = await api("POST", "/api/flash-groups", ada.token, { name: "quick", memberIds: [bob.id], ttlSeconds: 1 });
  assert.equal(flash.status, 201, JSON.stringify(flash.body));
  const claims = JSON.parse(Buffer.from(ada.token.split(".")[1], "base64url").toString());
  const short = watch(await connect(signToken({ ...claims, exp: Math.floor(Date.now() / 1000) + 1 })));
  await next(short, "authExpired", () => true, 5000);

  // Every client event with an empty payload gets a well-formed refusal.
  for (const event of Object.keys(check.client)) {
    const ack = await request(cydSock, event, {});
    check.client[event].ack(ack, `ack of ${event} {}`);
    assert.equal(ack.ok === false && ack.error.code, "bad_request", `${event} {} is refused`);
  }

  await until(() => Object.keys(check.server).every((e) => seen.has(e)), "every server event", 15000).catch(() => {});
  assert.deepEqual(Object.keys(check.server).filter((e) => !seen.has(e)), [], "server events that never happened");
  assert.deepEqual(Object.keys(check.client).filter((e) => !acked.has(e)), [], "client events never answered");
});
