// Redis stops in the middle of a conversation and comes back: nothing acknowledged is lost,
// clients on the same instance keep receiving, cross-instance delivery resumes by itself, and a
// resync fills the gap with no duplicate.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { apiAt, connectAt, register, request, next, collect, closeAll, sleep } from "../helpers.mjs";

const [A, B] = [process.env.CHAT_URL_0, process.env.CHAT_URL_1];
const PORT = process.env.REDIS_PORT;
after(closeAll);

test("a Redis restart loses nothing acknowledged and cross-instance delivery recovers without restarting servers", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const conv = (await apiAt(A, "POST", "/api/conversations", ada.token, { kind: "direct", memberIds: [bob.id] })).body;
  const [adaTab1, adaTab2, bobOnB] = await Promise.all([connectAt(A, ada.token), connectAt(A, ada.token), connectAt(B, bob.token)]);
  const first = next(bobOnB, "receiveMessage");
  await request(adaTab1, "sendMessage", { conversationId: conv.id, content: "before" });
  const lastSeenByBob = (await first).seq;

  execFileSync("redis-cli", ["-p", PORT, "shutdown", "nosave"]);
  const bobMissed = collect(bobOnB, "receiveMessage");
  const tab2Got = collect(adaTab2, "receiveMessage");
  const during = [];
  for (let i = 0; i < 3; i++) {
    const ack = await request(adaTab1, "sendMessage", { conversationId: conv.id, content: `during ${i}`, clientMsgId: `d${i}` }, 10000);
    assert.equal(ack.ok, true, `acknowledged while Redis is down: ${JSON.stringify(ack)}`);
    during.push(ack.message);
  }
  const duringAtTab2 = () => tab2Got.filter((m) => m.content.startsWith("during"));
  for (let t = 0; t < 100 && duringAtTab2().length < 3; t++) await sleep(100);
  assert.deepEqual(duringAtTab2().map((m) => m.content), ["during 0", "during 1", "during 2"], "same-instance clients still receive");

  const restartedAt = Date.now();
  spawn("redis-server", ["--port", PORT, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { detached: true, stdio: "ignore" }).unref();
  let recovered = null;
  for (let i = 0; i < 120 && !recovered; i++) {
    await request(adaTab1, "sendMessage", { conversationId: conv.id, content: `probe ${i}`, clientMsgId: `p${i}` }, 10000);
    await sleep(250);
    recovered = bobMissed.find((m) => m.content.startsWith("probe"));
  }
  assert.ok(recovered, "cross-instance delivery came back");
  console.log(`cross-instance delivery recovered ${Date.now() - restartedAt} ms after Redis restarted`);

  // The resync from the last seq bob holds, page by page, returns everything after it exactly once, in order.
  const synced = [];
  for (let afterSeq = lastSeenByBob, hasMore = true; hasMore; afterSeq = synced.at(-1).seq) {
    const page = await request(bobOnB, "syncConversation", { conversationId: conv.id, afterSeq, limit: 20 });
    assert.equal(page.ok, true);
    synced.push(...page.messages);
    hasMore = page.hasMore;
    if (page.messages.length === 0) break;
  }
  const seqs = synced.map((m) => m.seq);
  assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => lastSeenByBob + 1 + i), "no gap, no duplicate");
  for (const message of during) assert.ok(synced.some((m) => m.id === message.id), `${message.content} was kept`);
  assert.ok(synced.some((m) => m.id === recovered.id), "the probe that crossed is there too");
});

/** GET /ready within 1 s: the status and body, or "no answer". */
async function ready(base) {
  try {
    const res = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(1000) });
    return { status: res.status, body: await res.json() };
  } catch {
    return { status: "no answer" };
  }
}

/** Polls /ready on `base` until `done(answer)`, each answer within 1 s; resolves with the time it took. */
async function readyUntil(base, done, limitMs) {
  const started = Date.now();
  for (;;) {
    const answer = await ready(base);
    assert.notEqual(answer.status, "no answer", `${base}/ready gave no answer within 1 s`);
    if (done(answer)) return Date.now() - started;
    assert.ok(Date.now() - started < limitMs, `${base}/ready still ${JSON.stringify(answer)} after ${limitMs} ms`);
    await sleep(100);
  }
}

test("/ready answers at once while Redis is down, with 503 naming it, and 200 again soon after it is back", async () => {
  for (const base of [A, B]) await readyUntil(base, (a) => a.status === 200, 10000);
  execFileSync("redis-cli", ["-p", PORT, "shutdown", "nosave"]);
  for (const base of [A, B]) {
    const ms = await readyUntil(base, (a) => a.status === 503, 3000);
    const { body } = await ready(base);
    assert.deepEqual(body, { status: "unavailable", database: "ok", redis: "unavailable" });
    console.log(`${base}: Redis seen down after ${ms} ms`);
  }
  spawn("redis-server", ["--port", PORT, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { detached: true, stdio: "ignore" }).unref();
  for (const base of [A, B]) {
    const ms = await readyUntil(base, (a) => a.status === 200, 4000);
    console.log(`${base}: ready again ${ms} ms after Redis restarted`);
  }
});
