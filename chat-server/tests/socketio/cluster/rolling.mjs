// A rolling restart under traffic. Eight users in one group, on two instances, each send without
// pause, retrying with the same clientMsgId until acknowledged (as the web client's outbox does).
// Meanwhile the test runner stops each instance with SIGTERM and starts it again; it creates the
// file CHAT_DONE_FILE once both are back. Then: nothing acknowledged is lost, nothing is stored twice,
// seqs have no gap, every socket reconnected by itself, and every client's view (what it received
// live, completed by a resync from the last seq it holds) equals the history.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { apiAt, connectAt, register, request, closeAll, sleep } from "../helpers.mjs";

const [A, B] = [process.env.CHAT_URL_0, process.env.CHAT_URL_1];
after(closeAll);

async function restartsDone() {
  while (!existsSync(process.env.CHAT_DONE_FILE)) await sleep(100);
}

/** Every message of the conversation after `afterSeq`, through `socket`, page by page. */
async function resync(socket, conversationId, afterSeq) {
  const messages = [];
  for (let from = afterSeq; ; ) {
    const page = await request(socket, "syncConversation", { conversationId, afterSeq: from, limit: 100 }, 10000);
    assert.equal(page.ok, true, JSON.stringify(page));
    messages.push(...page.messages);
    if (!page.hasMore || page.messages.length === 0) return messages;
    from = page.messages.at(-1).seq;
  }
}

test("a rolling restart of both instances under traffic loses and duplicates nothing, and every client converges", async () => {
  const users = await Promise.all(Array.from({ length: 8 }, (_, i) => register(`roll${i}`)));
  const memberIds = users.slice(1).map((u) => u.id);
  const group = (await apiAt(A, "POST", "/api/conversations", users[0].token, { kind: "group", name: "rolling", memberIds })).body;
  const options = { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 500 };
  const clients = await Promise.all(users.map((u, i) => connectAt(i % 2 ? B : A, u.token, options)));
  const live = clients.map((client) => {
    const seen = new Map();
    client.on("receiveMessage", (m) => seen.set(m.seq, m));
    return seen;
  });
  const reconnects = clients.map((client) => {
    const count = { n: 0 };
    client.io.on("reconnect", () => count.n++);
    return count;
  });

  let stopping = false;
  const acked = [];
  const refusals = {};
  const send = async (client, user) => {
    for (let n = 0; !stopping; n++) {
      const clientMsgId = `${user.username}-${n}`;
      for (;;) {
        try {
          const ack = await request(client, "sendMessage", { conversationId: group.id, content: clientMsgId, clientMsgId }, 3000);
          if (ack.ok) {
            acked.push(ack.message);
            break;
          }
          assert.ok(["unavailable", "rate_limited"].includes(ack.error.code), `refused with ${JSON.stringify(ack)}`);
          refusals[ack.error.code] = (refusals[ack.error.code] ?? 0) + 1;
        } catch {
          refusals.timeout = (refusals.timeout ?? 0) + 1; // disconnected: sent again once reconnected
        }
        await sleep(100);
      }
      await sleep(20);
    }
  };
  const senders = clients.map((client, i) => send(client, users[i]));
  await restartsDone();
  stopping = true;
  await Promise.all(senders);
  await sleep(500); // the last broadcasts in flight

  for (const [i, client] of clients.entries()) {
    assert.ok(client.connected, `client ${i} reconnected by itself`);
    assert.ok(reconnects[i].n >= 1, `client ${i} was disconnected by a drain and came back`);
  }
  const history = await resync(clients[0], group.id, 0);
  const seqs = history.map((m) => m.seq);
  assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), "seqs 1..n without gap");
  const contents = history.map((m) => m.content);
  assert.equal(new Set(contents).size, contents.length, "no message stored twice");
  const stored = new Map(history.map((m) => [m.id, m]));
  for (const message of acked) assert.ok(stored.has(message.id), `acknowledged ${message.content} is stored`);
  assert.equal(new Set(acked.map((m) => m.id)).size, history.length, "every stored message was acknowledged once");

  for (const [i, seen] of live.entries()) {
    let held = 0;
    while (seen.has(held + 1)) held++;
    const view = new Map([...seen].filter(([seq]) => seq <= held));
    for (const m of await resync(clients[i], group.id, held)) view.set(m.seq, m);
    assert.deepEqual([...view.keys()].sort((a, b) => a - b), seqs, `client ${i} converges to the history`);
    for (const [seq, m] of view) assert.equal(m.id, history[seq - 1].id, `client ${i}: seq ${seq} is the same message`);
  }
  console.log(`${history.length} messages stored and acknowledged during a rolling restart; refusals and retries: ${JSON.stringify(refusals)}`);
});
