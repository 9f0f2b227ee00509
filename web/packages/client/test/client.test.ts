// The package against a real chat-server (no mock of it): CHAT_URL names the server, and the suite
// fails without it. Run with a short access-token lifetime (CHAT_ACCESS_TOKEN_TTL_SECS=12) to also
// cover a socket outliving its first token and a socket closed at expiry.

import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChatApiError, type Message, type Session } from "../src/index.js";
import { SeqTracker } from "../src/sync.js";
import { PASSWORD, client, expiry, messages, opened, run, seqs, sleep, url, user, waitFor, within } from "./helpers.js";

// Three accounts for the whole run (registering is limited per address: few sign-ins in all).
const ada = await user("ada");
const bob = await user("bob");
const cyd = await user("cyd");
const ttl = ((ada.client.session?.expiresAt ?? 0) - Date.now()) / 1000;
const shortTtl = ttl <= 30;

beforeEach(async () => {
  await Promise.all([ada.client.connect(), bob.client.connect(), cyd.client.connect()]);
});

afterEach(() => {
  // The suite's own clients stay; the others are closed.
  for (const c of opened.splice(0)) {
    if (c === ada.client || c === bob.client || c === cyd.client) opened.push(c);
    else c.close();
  }
});

afterAll(() => {
  for (const c of opened) c.close();
});

describe("@chat-server/client against a real server", () => {
  it("two users exchange messages through the package with typed events", async () => {
    const adaHere = client();
    const me = await adaHere.login(ada.username, PASSWORD);
    expect(me.id).toBe(ada.id);
    await Promise.all([adaHere.connect(), bob.client.connect()]);

    const group = await adaHere.createGroup(`hello ${run}`, [bob.id]);
    const atAda = messages(adaHere, group.id);
    const atBob = messages(bob.client, group.id);
    const raw: number[] = [];
    adaHere.on("receiveMessage", (m) => {
      if (m.conversationId === group.id) raw.push(m.seq);
    });

    const sent = await adaHere.send(group.id, "Hello, Bob!");
    expect(sent).toMatchObject({ conversationId: group.id, seq: 1, senderId: ada.id, content: "Hello, Bob!" });
    await waitFor("Bob to receive it", () => atBob.length === 1);
    expect(atBob[0]).toMatchObject({ id: sent.id, seq: 1, clientMsgId: sent.clientMsgId });

    const reply = await bob.client.send(group.id, "Hi Ada");
    expect(reply.seq).toBe(2);
    await waitFor("Ada to receive the reply", () => atAda.length === 2);
    await sleep(300);
    // Her own message once (its ack and its receiveMessage are one message), then Bob's.
    expect(atAda.map((m) => [m.seq, m.senderId, m.content])).toEqual([
      [1, ada.id, "Hello, Bob!"],
      [2, bob.id, "Hi Ada"],
    ]);
    expect(raw).toEqual([1, 2]);
    expect(adaHere.pending()).toEqual([]);
  });

  it("a message sent while disconnected is resent after reconnect and stored once", async () => {
    const group = await ada.client.createGroup(`offline ${run}`, [bob.id]);
    const atBob = messages(bob.client, group.id);
    ada.client.disconnect();

    const sending = ada.client.send(group.id, "written offline");
    const [queued] = ada.client.pending();
    expect(queued).toMatchObject({ conversationId: group.id, attempts: 0 });
    await sleep(500);
    expect((await bob.client.history(group.id)).items).toEqual([]);

    await ada.client.connect();
    const stored = await sending;
    expect(stored.clientMsgId).toBe(queued?.clientMsgId);
    const history = (await bob.client.history(group.id)).items;
    expect(history.filter((m) => m.clientMsgId === queued?.clientMsgId)).toHaveLength(1);
    await waitFor("Bob to receive it", () => atBob.length === 1);
    await sleep(300);
    expect(atBob).toHaveLength(1);
  });

  it("a message whose acknowledgement is lost in a disconnect is resent with the same clientMsgId and stored once", async () => {
    const group = await ada.client.createGroup(`lost ack ${run}`, [bob.id]);
    const atBob = messages(bob.client, group.id);
    await ada.client.connect();

    // Emitted at once, then the connection drops before the acknowledgement can come back.
    const sending = ada.client.send(group.id, "ack lost");
    ada.client.disconnect();
    const [waiting] = ada.client.pending();
    expect(waiting?.attempts).toBe(1);
    await sleep(500);
    const before = (await bob.client.history(group.id)).items.length;
    expect(before).toBeLessThanOrEqual(1);

    await ada.client.connect();
    const stored = await sending;
    expect(stored.clientMsgId).toBe(waiting?.clientMsgId);
    const history = (await bob.client.history(group.id)).items;
    expect(history.map((m) => m.clientMsgId)).toEqual([waiting?.clientMsgId]);
    await waitFor("Bob to receive it", () => atBob.length === 1);
    await sleep(300);
    expect(atBob).toHaveLength(1);
    console.info(`lost-ack test: the first attempt was ${before ? "stored (its ack was lost)" : "not stored"}`);
  });

  it("after missing messages while disconnected, the client receives them once each in seq order after reconnecting", async () => {
    const group = await ada.client.createGroup(`missed ${run}`, [bob.id]);
    const atBob = messages(bob.client, group.id);
    await ada.client.send(group.id, "before");
    await waitFor("the first message", () => atBob.length === 1);

    bob.client.disconnect();
    for (let i = 1; i <= 5; i++) {
      await ada.client.rest.request("post", "/api/conversations/{id}/messages", {
        params: { id: group.id },
        body: { content: `missed ${i}`, clientMsgId: crypto.randomUUID() },
      });
    }
    await sleep(300);
    expect(atBob).toHaveLength(1);

    await bob.client.connect();
    await waitFor("the missed messages", () => atBob.length >= 6);
    await ada.client.send(group.id, "after");
    await waitFor("the next live message", () => atBob.length >= 7);
    await sleep(300);
    expect(seqs(atBob)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(atBob.map((m) => m.content)).toEqual(["before", "missed 1", "missed 2", "missed 3", "missed 4", "missed 5", "after"]);
    expect(bob.client.position(group.id)).toBe(7);
  });

  it("a live message past a gap is held until the missed ones are fetched, then all are delivered in order", async () => {
    const group = await ada.client.createGroup(`gap ${run}`, [bob.id]);
    for (let i = 1; i <= 5; i++) await ada.client.send(group.id, `m${i}`);
    const history = (await bob.client.history(group.id)).items;
    const delivered: Message[] = [];
    const tracker = new SeqTracker({
      fetchPage: (conversationId, afterSeq) => bob.client.call("syncConversation", { conversationId, afterSeq, limit: 2 }),
      deliver: (m) => delivered.push(m),
      failed: (_, error) => {
        throw error;
      },
    });
    tracker.follow(group.id, 1);
    tracker.accept(history[4]!); // seq 5 while 2–4 are missing
    expect(delivered).toEqual([]);
    await waitFor("the catch-up", () => delivered.length === 4);
    tracker.accept(history[3]!); // already delivered
    tracker.accept(history[4]!);
    expect(seqs(delivered)).toEqual([2, 3, 4, 5]);
  });

  it("an access token refreshed over REST is pushed to the socket (refreshAuth) and the socket stays connected", async () => {
    const adaHere = client({ autoRefresh: false });
    await adaHere.login(ada.username, PASSWORD);
    await adaHere.connect();
    const first = adaHere.session!;
    const socketId = adaHere.socket?.id;
    const events: string[] = [];
    adaHere.on("authExpired", () => events.push("authExpired"));
    adaHere.on("disconnect", (reason) => events.push(`disconnect: ${reason}`));

    // A second at least (so the new exp is a later one); halfway through a short-lived token.
    await sleep(shortTtl ? Math.max(1100, (first.expiresAt - Date.now()) / 2) : 1100);
    const pushed = new Promise<string | null>((resolve) => adaHere.on("authRefreshed", resolve));
    const second = await adaHere.refreshTokens();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const expiresAt = await within("the socket's refreshAuth", pushed);
    // The server now keeps the socket until the new token's expiry.
    expect(Date.parse(expiresAt ?? "") / 1000).toBe(expiry(second.accessToken));
    expect(expiry(second.accessToken)).toBeGreaterThan(expiry(first.accessToken));

    if (shortTtl) {
      // Past the first token's expiry (the server sweeps once a second): still the same socket.
      await sleep(expiry(first.accessToken) * 1000 - Date.now() + 2500);
      expect(expiry(second.accessToken) * 1000).toBeGreaterThan(Date.now() + 1000);
    }
    expect(events).toEqual([]);
    expect(adaHere.connected).toBe(true);
    expect(adaHere.socket?.id).toBe(socketId);
    await expect(adaHere.call("userTyping", { conversationId: crypto.randomUUID(), isTyping: false })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("a REST call answered 401 refreshes the access token once, for concurrent calls too, and is retried", async () => {
    const adaHere = client({ autoRefresh: false });
    await adaHere.login(ada.username, PASSWORD);
    const group = await adaHere.createGroup(`refresh ${run}`, [bob.id]);
    const held = adaHere.session!;
    adaHere.close();

    const paths: string[] = [];
    const kept: (Session | null)[] = [];
    const later = client({
      autoRefresh: false,
      // An access token the server refuses, with a good refresh token.
      session: { ...held, accessToken: "not-a-token", expiresAt: Date.now() + 60_000 },
      onTokens: (s) => kept.push(s),
      fetch: (input, init) => {
        paths.push(`${init.method} ${new URL(input).pathname}`);
        return fetch(input, init);
      },
    });
    const [a, b, c] = await Promise.all([later.conversations(), later.conversations(), later.rest.request("get", "/api/users/me")]);
    expect(a.map((c) => c.id)).toContain(group.id);
    expect(b).toEqual(a);
    expect(c.id).toBe(ada.id);
    expect(paths.filter((p) => p === "POST /api/auth/refresh")).toHaveLength(1);
    expect(kept).toHaveLength(1);
    expect(kept[0]?.refreshToken).not.toBe(held.refreshToken);
  });

  it.skipIf(!shortTtl)("a socket closed when its token expires reconnects with a refreshed token", async () => {
    const adaHere = client({ autoRefresh: false });
    await adaHere.login(ada.username, PASSWORD);
    await adaHere.connect();
    const group = await adaHere.createGroup(`expiry ${run}`, [bob.id]);
    const atBob = messages(bob.client, group.id);
    const events: string[] = [];
    adaHere.on("authExpired", () => events.push("authExpired"));
    adaHere.on("disconnect", (reason) => events.push(`disconnect: ${reason}`));
    adaHere.on("connect", ({ reconnect }) => events.push(reconnect ? "reconnect" : "connect"));

    await waitFor("the expiry and the reconnect", () => events.includes("reconnect"), ttl * 1000 + 10_000);
    expect(events).toEqual(["authExpired", "disconnect: io server disconnect", "reconnect"]);
    await adaHere.send(group.id, "still here");
    await waitFor("Bob to receive it", () => atBob.length === 1);
  });

  it("a login revoked on the server ends the session and rejects what was waiting to be sent", async () => {
    const adaHere = client();
    await adaHere.login(ada.username, PASSWORD);
    await adaHere.connect();
    const group = await adaHere.createGroup(`revoked ${run}`, [bob.id]);
    const ended = new Promise<ChatApiError>((resolve) => adaHere.on("sessionEnded", resolve));
    const disconnected = new Promise<string>((resolve) => adaHere.on("disconnect", resolve));

    // Another device ends this login (as DELETE /api/auth/sessions/{id} would).
    const response = await fetch(`${url}/api/auth/logout`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken: adaHere.session?.refreshToken }),
    });
    expect(response.status).toBe(204);
    expect(await within("the server to close the socket", disconnected)).toBe("io server disconnect");
    // Queued while the socket is down: it can never be sent now.
    const sending = adaHere.send(group.id, "too late").catch((e: unknown) => e);

    const error = await within("sessionEnded", ended);
    expect(error).toMatchObject({ status: 401 });
    expect(adaHere.session).toBeNull();
    expect(adaHere.connected).toBe(false);
    expect(await sending).toBe(error);
    expect((await bob.client.history(group.id)).items).toEqual([]);
  });

  it("a non-retryable error rejects the send and is not retried", async () => {
    // A conversation Ada is not a member of.
    const theirs = await cyd.client.createGroup(`private ${run}`, [bob.id]);
    const emitted: string[] = [];
    const outgoing = (event: string, payload: { clientMsgId?: string }) => {
      if (event === "sendMessage" && payload.clientMsgId) emitted.push(payload.clientMsgId);
    };
    ada.client.socket?.onAnyOutgoing(outgoing);
    const clientMsgId = crypto.randomUUID();
    const refusal = await within("the refusal", ada.client.send(theirs.id, "let me in", { clientMsgId }).catch((e: unknown) => e));
    expect(refusal).toBeInstanceOf(ChatApiError);
    expect(refusal).toMatchObject({ code: "not_found", status: undefined });
    await sleep(1500);
    expect(emitted.filter((id) => id === clientMsgId)).toHaveLength(1);
    expect(ada.client.pending()).toEqual([]);
    ada.client.socket?.offAnyOutgoing(outgoing);
    // The queue goes on with the next message.
    const mine = await ada.client.createGroup(`next ${run}`, [bob.id]);
    expect((await ada.client.send(mine.id, "fine")).seq).toBe(1);
  });

  it("sends refused as rate_limited are resent after retryAfterSecs, each stored once and in order", async () => {
    // Past CHAT_RATE_SEND's burst (60 by default): the last ones are refused, then resent.
    const group = await cyd.client.createGroup(`burst ${run}`, [bob.id]);
    const emitted: string[] = [];
    const outgoing = (event: string, payload: { clientMsgId?: string }) => {
      if (event === "sendMessage" && payload.clientMsgId) emitted.push(payload.clientMsgId);
    };
    cyd.client.socket?.onAnyOutgoing(outgoing);
    const count = 90;
    const texts = Array.from({ length: count }, (_, i) => `burst ${i + 1}`);
    const stored = await within("the burst", Promise.all(texts.map((t) => cyd.client.send(group.id, t))), 30_000);
    cyd.client.socket?.offAnyOutgoing(outgoing);

    expect(seqs(stored)).toEqual(texts.map((_, i) => i + 1));
    expect(emitted.length).toBeGreaterThan(count); // some were sent more than once…
    const history: Message[] = [];
    for (let after = 0; history.length < count; after = history.at(-1)?.seq ?? after) {
      const page = await bob.client.history(group.id, { afterSeq: after, limit: 100 });
      history.push(...page.items);
      if (!page.hasMore) break;
    }
    expect(history.map((m) => m.content)).toEqual(texts); // …and each is stored once, in order
    expect(new Set(history.map((m) => m.clientMsgId)).size).toBe(count);
  });
});
