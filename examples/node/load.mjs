// Load generator: CLIENTS users in groups of GROUP, each sending MESSAGES messages over Socket.IO
// (WebSocket) at RATE messages per second per client, against CHAT_URL. Prints how long
// acknowledgements and deliveries to the other members took, and the throughput.
//
//   CHAT_URL=http://127.0.0.1:3000 CLIENTS=100 GROUP=10 MESSAGES=20 RATE=5 node load.mjs
//
// The server should run with CHAT_AUTH_RATE_BURST=0 (or a large burst): every client registers.
import { io } from "socket.io-client";

const url = process.env.CHAT_URL ?? "http://127.0.0.1:3000";
const CLIENTS = Number(process.env.CLIENTS ?? 100);
const GROUP = Number(process.env.GROUP ?? 10);
const MESSAGES = Number(process.env.MESSAGES ?? 20);
const RATE = Number(process.env.RATE ?? 5);
const run = Date.now().toString(36);

const post = (path, body, token) =>
  fetch(url + path, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
  }).then(async (r) => {
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json();
  });

const users = [];
for (let i = 0; i < CLIENTS; i += 20) {
  const batch = Array.from({ length: Math.min(20, CLIENTS - i) }, (_, k) =>
    post("/api/auth/register", { username: `load_${run}_${i + k}`, password: "load-password" }),
  );
  users.push(...(await Promise.all(batch)));
}
const groups = [];
for (let g = 0; g < CLIENTS; g += GROUP) {
  const members = users.slice(g, g + GROUP);
  const conversation = await post("/api/conversations", { kind: "group", name: `load ${g}`, memberIds: members.slice(1).map((u) => u.user.id) }, members[0].accessToken);
  groups.push({ id: conversation.id, members });
}
const sockets = await Promise.all(
  users.map((u) => new Promise((resolve, reject) => {
    const s = io(url, { auth: { token: u.accessToken }, transports: ["websocket"], reconnection: false });
    s.once("connect", () => resolve(s));
    s.once("connect_error", reject);
  })),
);

const ackLatency = [];
const deliveryLatency = [];
const expected = groups.reduce((n, g) => n + g.members.length * MESSAGES * (g.members.length - 1), 0);
let delivered = 0;
sockets.forEach((s, i) => {
  s.on("receiveMessage", (m) => {
    const sentAt = Number(m.content.split(" ")[1]);
    if (m.senderId !== users[i].user.id) {
      deliveryLatency.push(Date.now() - sentAt);
      delivered++;
    }
  });
});

const started = Date.now();
await Promise.all(
  groups.flatMap((g, gi) =>
    g.members.map(async (_, k) => {
      const socket = sockets[gi * GROUP + k];
      for (let n = 0; n < MESSAGES; n++) {
        const t = Date.now();
        const ack = await socket.timeout(10000).emitWithAck("sendMessage", { conversationId: g.id, content: `m ${t}`, clientMsgId: `${k}-${n}` });
        if (!ack.ok) throw new Error(JSON.stringify(ack));
        ackLatency.push(Date.now() - t);
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 / RATE - (Date.now() - t))));
      }
    }),
  ),
);
for (let i = 0; i < 100 && delivered < expected; i++) await new Promise((r) => setTimeout(r, 100));
const elapsed = (Date.now() - started) / 1000;
const pct = (list, p) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const sent = ackLatency.length;
console.log(`clients ${CLIENTS}, groups of ${GROUP}, ${MESSAGES} messages each at ${RATE}/s per client`);
console.log(`sent ${sent} messages in ${elapsed.toFixed(1)} s: ${(sent / elapsed).toFixed(0)} msg/s stored, ${(delivered / elapsed).toFixed(0)} deliveries/s`);
console.log(`ack latency ms: p50 ${pct(ackLatency, 50)}, p99 ${pct(ackLatency, 99)}, max ${Math.max(...ackLatency)}`);
console.log(`delivery latency ms: p50 ${pct(deliveryLatency, 50)}, p99 ${pct(deliveryLatency, 99)}, max ${Math.max(...deliveryLatency)}`);
console.log(`deliveries ${delivered} of ${expected}`);
sockets.forEach((s) => s.close());
process.exit(delivered === expected ? 0 : 1);
