import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/rest";
import { FlashExpiry, isNotFound } from "./expiry";
import { CONV, storeWith, summary } from "./testing";

const FLASH = "flash-1";
const T0 = Date.parse("2024-05-01T12:00:00Z");

afterEach(() => vi.useRealTimers());

/** A direct chat, and a flash group whose countdown ends at T0 + 60 s. */
function harness() {
  const clock = { now: T0, server: T0 };
  const store = storeWith({
    conversations: {
      [CONV]: summary(),
      [FLASH]: summary({ id: FLASH, kind: "flash", expiresAt: new Date(T0 + 60_000).toISOString() }),
    },
  });
  const expiredNow: string[] = [];
  const removed: string[] = [];
  let stopped = false;
  let notices = 0;
  store.subscribe(() => notices++);
  const expiry = new FlashExpiry({
    store,
    now: () => clock.now,
    serverNow: () => clock.server,
    lingerMs: 10_000,
    onExpired: (id) => {
      expiredNow.push(id);
      store.set({ notice: `expired ${id}` });
    },
    remove: (id) => removed.push(id),
    stopped: () => stopped,
  });
  return { clock, store, expiry, expiredNow, removed, stop: () => (stopped = true), notices: () => notices };
}

describe("flash-group expiry in the client", () => {
  it("takes a 404 or a not_found answer as not found, and nothing else", () => {
    expect(isNotFound(new ApiError(404, "not_found", "gone"))).toBe(true);
    expect(isNotFound({ code: "not_found" })).toBe(true);
    expect(isNotFound(new ApiError(500, "internal", "oops"))).toBe(false);
    expect(isNotFound(new Error("timeout"))).toBe(false);
  });

  it("marks a flash group expired once, with the first news, in one change the views see once", () => {
    const h = harness();
    h.expiry.expire(FLASH, "event");
    h.clock.now += 5000;
    h.expiry.expire(FLASH, "countdown");
    expect(h.store.getState().expired[FLASH]).toEqual({ at: T0, reason: "event" });
    expect(h.expiredNow).toEqual([FLASH]);
    expect(h.notices()).toBe(1);
  });

  it("never expires a conversation that is not a flash group, nor anything once stopped", () => {
    const h = harness();
    h.expiry.expire(CONV, "event");
    h.expiry.expire("unknown", "event");
    h.stop();
    h.expiry.expire(FLASH, "event");
    expect(h.store.getState().expired).toEqual({});
  });

  it("expires a group by its countdown on the server's clock only once the grace has passed", () => {
    const h = harness();
    h.clock.server = T0 + 61_999;
    h.expiry.check();
    expect(h.expiredNow).toEqual([]);
    h.clock.server = T0 + 62_000;
    h.expiry.check();
    expect(h.store.getState().expired[FLASH]?.reason).toBe("countdown");
  });

  it("takes an expired group off the list after it lingered, unless it is open on screen", () => {
    const h = harness();
    h.expiry.expire(FLASH, "event");
    h.store.set({ activeId: FLASH });
    h.clock.now = T0 + 10_000;
    h.expiry.check();
    expect(h.removed).toEqual([]);
    h.store.set({ activeId: null });
    h.expiry.check();
    expect(h.removed).toEqual([FLASH]);
  });

  it("takes a 404 on a read as the expiry of a flash group only", () => {
    const h = harness();
    const notFound = new ApiError(404, "not_found", "conversation not found");
    expect(h.expiry.expiredByNotFound(CONV, notFound)).toBe(false);
    expect(h.expiry.expiredByNotFound(FLASH, new Error("offline"))).toBe(false);
    expect(h.expiry.expiredByNotFound(FLASH, notFound)).toBe(true);
    expect(h.store.getState().expired[FLASH]?.reason).toBe("not_found");
  });

  it("checks every second between start and stop", () => {
    vi.useFakeTimers();
    const h = harness();
    h.clock.server = T0 + 70_000;
    h.expiry.start();
    vi.advanceTimersByTime(999);
    expect(h.expiredNow).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(h.expiredNow).toEqual([FLASH]);
    h.expiry.stop();
    h.clock.now = T0 + 60_000;
    vi.advanceTimersByTime(5000);
    expect(h.removed).toEqual([]);
  });
});
