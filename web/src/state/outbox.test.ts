import { afterEach, describe, expect, it, vi } from "vitest";
import { Outbox, failItems, newClientMsgId, type Outgoing, type OutboxDeps } from "./outbox";
import type { Ack, Message } from "../api/types";
import { CONV, ME, msg, settle } from "./testing";

function harness(answer: (item: Outgoing, n: number) => Ack<{ message: Message }> | "timeout") {
  let online = false;
  let seq = 10;
  const sent: Outgoing[] = [];
  const stored: Message[] = [];
  const deps: OutboxDeps = {
    canSend: () => online,
    send: async (item) => {
      sent.push(item);
      const a = answer(item, sent.length);
      if (a === "timeout") throw new Error("timeout");
      return a;
    },
    onStored: (_item, m) => stored.push(m),
    onChange: () => {},
    retryDelay: () => 1000,
  };
  const outbox = new Outbox(deps);
  const storedAs = (item: Outgoing): Ack<{ message: Message }> => ({
    ok: true,
    message: msg(++seq, { senderId: ME, clientMsgId: item.clientMsgId, content: item.content }),
  });
  return { outbox, sent, stored, storedAs, goOnline: () => (online = true), goOffline: () => (online = false) };
}

const draft = (content: string) => ({
  clientMsgId: newClientMsgId(),
  conversationId: CONV,
  content,
  createdAt: new Date().toISOString(),
});

afterEach(() => vi.useRealTimers());

describe("the offline queue", () => {
  it("holds messages typed offline as pending and sends nothing", async () => {
    const h = harness((item) => h.storedAs(item));
    h.outbox.add(draft("one"));
    h.outbox.add(draft("two"));
    await settle();
    expect(h.sent).toHaveLength(0);
    expect(h.outbox.list().map((i) => [i.content, i.status])).toEqual([
      ["one", "pending"],
      ["two", "pending"],
    ]);
  });

  it("sends them in typing order with their clientMsgId once connected, and empties", async () => {
    const h = harness((item) => h.storedAs(item));
    const one = h.outbox.add(draft("one"));
    const two = h.outbox.add(draft("two"));
    h.goOnline();
    await h.outbox.flush();
    expect(h.sent.map((i) => i.clientMsgId)).toEqual([one.clientMsgId, two.clientMsgId]);
    expect(h.stored.map((m) => m.clientMsgId)).toEqual([one.clientMsgId, two.clientMsgId]);
    expect(h.outbox.list()).toHaveLength(0);
  });

  it("resends with the same clientMsgId after an unanswered attempt", async () => {
    vi.useFakeTimers();
    const h = harness((item, n) => (n === 1 ? "timeout" : h.storedAs(item)));
    h.goOnline();
    const item = h.outbox.add(draft("hello"));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.outbox.list()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.sent.map((i) => i.clientMsgId)).toEqual([item.clientMsgId, item.clientMsgId]);
    expect(h.outbox.list()).toHaveLength(0);
  });

  it("waits and retries when rate limited, keeping the order", async () => {
    vi.useFakeTimers();
    const h = harness((item, n) =>
      n === 1 ? { ok: false, error: { code: "rate_limited", message: "slow down" } } : h.storedAs(item),
    );
    h.goOnline();
    h.outbox.add(draft("first"));
    h.outbox.add(draft("second"));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sent.map((i) => i.content)).toEqual(["first"]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.sent.map((i) => i.content)).toEqual(["first", "first", "second"]);
    expect(h.stored.map((m) => m.content)).toEqual(["first", "second"]);
  });

  it("marks a message the server refuses as failed and sends the next one", async () => {
    const h = harness((item) =>
      item.content === "bad" ? { ok: false, error: { code: "payload_too_large", message: "too long" } } : h.storedAs(item),
    );
    h.goOnline();
    h.outbox.add(draft("bad"));
    h.outbox.add(draft("good"));
    await settle();
    expect(h.outbox.list().map((i) => [i.content, i.status, i.error])).toEqual([["bad", "failed", "too long"]]);
    expect(h.stored.map((m) => m.content)).toEqual(["good"]);
  });

  it("stops at a disconnect and goes on where it stopped on the next flush", async () => {
    let dropped = false;
    const h = harness((item) => {
      if (item.content === "two" && !dropped) {
        dropped = true;
        h.goOffline();
        return "timeout";
      }
      return h.storedAs(item);
    });
    h.goOnline();
    h.outbox.add(draft("one"));
    h.outbox.add(draft("two"));
    h.outbox.add(draft("three"));
    await settle();
    expect(h.outbox.list().map((i) => i.content)).toEqual(["two", "three"]);
    h.goOnline();
    await h.outbox.flush();
    expect(h.sent.map((i) => i.content)).toEqual(["one", "two", "two", "three"]);
    expect(h.stored.map((m) => m.content)).toEqual(["one", "two", "three"]);
    expect(h.outbox.list()).toHaveLength(0);
  });

  it("makes distinct RFC 4122 v4 ids", () => {
    const ids = new Set(Array.from({ length: 100 }, newClientMsgId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("the offline queue of a conversation that closed", () => {
  it("fails every waiting message of that conversation, and only those, with the reason given", async () => {
    const h = harness((item) => h.storedAs(item));
    h.outbox.add(draft("for the flash group"));
    h.outbox.add({ ...draft("elsewhere"), conversationId: "other" });
    h.outbox.failConversation(CONV, "This flash group has expired");
    expect(h.outbox.list().map((i) => [i.content, i.status, i.error])).toEqual([
      ["for the flash group", "failed", "This flash group has expired"],
      ["elsewhere", "pending", undefined],
    ]);
    h.goOnline();
    await h.outbox.flush();
    expect(h.sent.map((i) => i.content)).toEqual(["elsewhere"]);
    expect(h.outbox.list().map((i) => i.content)).toEqual(["for the flash group"]);
  });

  it("does not retry a failed message on later flushes or timers", async () => {
    vi.useFakeTimers();
    const h = harness(() => "timeout");
    h.goOnline();
    h.outbox.add(draft("in flight at expiry"));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sent).toHaveLength(1);
    h.outbox.failConversation(CONV, "expired");
    await vi.advanceTimersByTimeAsync(60_000);
    await h.outbox.flush();
    expect(h.sent).toHaveLength(1);
    expect(h.outbox.list()[0]!.status).toBe("failed");
  });

  it("keeps the expiry as the reason when the server's refusal of the message in flight comes later", async () => {
    let answer!: (a: Ack<{ message: Message }>) => void;
    const refused: string[] = [];
    const items: Outgoing[][] = [];
    const outbox = new Outbox({
      canSend: () => true,
      send: () => new Promise((resolve) => (answer = resolve)),
      onStored: () => {},
      onChange: (list) => items.push([...list]),
      onRefused: (_item, error) => refused.push(error.code),
    });
    outbox.add(draft("racing the expiry"));
    await settle();
    outbox.failConversation(CONV, "This flash group has expired");
    answer({ ok: false, error: { code: "not_found", message: "conversation not found" } });
    await settle();
    expect(outbox.list().map((i) => [i.status, i.error])).toEqual([["failed", "This flash group has expired"]]);
    expect(refused).toEqual(["not_found"]);
  });

  it("gives an earlier refusal the conversation's reason, and leaves the array untouched when all say it", () => {
    const items = [
      { ...draft("x"), conversationId: "other", status: "pending" as const, attempts: 0 },
      { ...draft("y"), status: "failed" as const, error: "conversation not found", attempts: 1 },
    ];
    const failed = failItems(items, CONV, "gone");
    expect(failed.map((i) => [i.status, i.error])).toEqual([
      ["pending", undefined],
      ["failed", "gone"],
    ]);
    expect(failItems(failed, CONV, "gone")).toBe(failed);
  });

  it("forgets every message of a conversation taken off the list", () => {
    const h = harness((item) => h.storedAs(item));
    h.outbox.add(draft("one"));
    h.outbox.add({ ...draft("two"), conversationId: "other" });
    h.outbox.dropConversation(CONV);
    expect(h.outbox.list().map((i) => i.content)).toEqual(["two"]);
  });
});
