// Shared helpers: talk to the server under test (CHAT_URL) over REST and Socket.IO.
import { io } from "socket.io-client";
import WebSocket from "ws";
import assert from "node:assert/strict";
import { createHmac, randomUUID } from "node:crypto";
import { deflateSync } from "node:zlib";

export const URL = process.env.CHAT_URL ?? "http://127.0.0.1:3000";
const SECRET = process.env.CHAT_JWT_SECRET;

const opened = new Set();

export function api(method, path, token, body) {
  return apiAt(URL, method, path, token, body);
}

/** A REST call to the server at `base`. */
export async function apiAt(base, method, path, token, body) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Registers a fresh user; returns { id, username, token, refresh }. */
export async function register(prefix = "u") {
  const username = `${prefix}_${randomUUID().slice(0, 8)}`;
  const { status, body } = await api("POST", "/api/auth/register", null, { username, password: "password123" });
  if (status !== 201) throw new Error(`register ${username}: ${status} ${JSON.stringify(body)}`);
  return { id: body.user.id, username, token: body.accessToken, refresh: body.refreshToken };
}

/** Connects and resolves once connected; rejects with the connect_error. */
export function connect(token, options = {}) {
  return connectAt(URL, token, options);
}

/** Connects to the server at `base`. */
export function connectAt(base, token, options = {}) {
  const socket = io(base, { auth: token === undefined ? undefined : { token }, reconnection: false, forceNew: true, ...options });
  opened.add(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("connect timeout")), 5000);
    socket.once("connect", () => { clearTimeout(timer); resolve(socket); });
    socket.once("connect_error", (err) => { clearTimeout(timer); socket.close(); reject(err); });
  });
}

/** Emits with an acknowledgement; resolves with the ack payload. */
export function request(socket, event, payload, timeoutMs = 5000) {
  return socket.timeout(timeoutMs).emitWithAck(event, payload);
}

/** Resolves with the first `event` payload matching `predicate`. */
export function next(socket, event, predicate = () => true, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.off(event, handler); reject(new Error(`no ${event} within ${timeoutMs} ms`)); }, timeoutMs);
    function handler(data) {
      if (!predicate(data)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(data);
    }
    socket.on(event, handler);
  });
}

/** Collects every `event` payload from now on. */
export function collect(socket, event) {
  const items = [];
  socket.on(event, (data) => items.push(data));
  return items;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check()` holds, polling every 25 ms; fails after `timeoutMs`. */
export async function until(check, what, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Collects every `event` payload from now on, with the time it arrived (`Date.now()`). */
export function collectTimed(socket, event) {
  const items = [];
  socket.on(event, (data) => items.push({ data, at: Date.now() }));
  return items;
}

/** Creates a conversation over REST and returns it. */
export async function conversation(owner, kind, members, name = "group") {
  const body = { kind, memberIds: members.map((m) => m.id), ...(kind === "group" ? { name } : {}) };
  const res = await api("POST", "/api/conversations", owner.token, body);
  if (res.status !== 201 && res.status !== 200) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An HS256 token signed with the server's secret, with the given claims. */
export function signToken(claims) {
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const head = b64({ alg: "HS256", typ: "JWT" });
  const body = b64(claims);
  const sig = createHmac("sha256", SECRET).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}

/** Closes every socket the tests opened. */
export function closeAll() {
  for (const s of opened) s.close();
  opened.clear();
}

/** An Engine.IO v4 WebSocket, resolved once the server's OPEN packet arrived. */
export function rawSocket() {
  const ws = new WebSocket(`${URL.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`);
  const frames = [];
  ws.closed = new Promise((resolve) => ws.once("close", () => resolve(Date.now())));
  ws.on("message", (data, isBinary) => frames.push(isBinary ? data : data.toString()));
  ws.frames = frames;
  return new Promise((resolve, reject) => {
    ws.once("error", reject);
    ws.once("message", (data) => {
      if (!String(data).startsWith("0{")) return reject(new Error(`not an OPEN packet: ${data}`));
      ws.openedAt = Date.now();
      ws.open = JSON.parse(String(data).slice(1));
      resolve(ws);
    });
  });
}

/** Joins the namespace with `token` and waits for the CONNECT answer. */
export async function join(ws, token) {
  ws.send(`40${JSON.stringify({ token })}`);
  const deadline = Date.now() + 5000;
  while (!ws.frames.some((f) => typeof f === "string" && f.startsWith("40{"))) {
    assert.ok(Date.now() < deadline, `no CONNECT answer: ${JSON.stringify(ws.frames)}`);
    await sleep(10);
  }
}

/** The `chat_state_entries{map}` gauges of /metrics. */
export async function stateEntries() {
  const text = await (await fetch(`${URL}/metrics`)).text();
  const entries = {};
  for (const [, map, value] of text.matchAll(/^chat_state_entries\{map="([a-z_]+)"\} (\d+)$/gm)) entries[map] = Number(value);
  return entries;
}

/** A valid RGB PNG of the given size (noise, so it does not compress to nothing). */
export function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "ascii");
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let i = 0; i < rows.length; i++) rows[i] = i % (width * 3 + 1) === 0 ? 0 : (i * 7919) % 251;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}
