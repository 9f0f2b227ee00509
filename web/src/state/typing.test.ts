import { afterEach, describe, expect, it, vi } from "vitest";
import { Typing, withTyping, withoutSenders } from "./typing";
import { CONV, FakeTransport, ME, PEER, storeWith } from "./testing";

const THIRD = "third";

afterEach(() => vi.useRealTimers());

function harness(closed: string[] = []) {
  const store = storeWith();
  const transport = new FakeTransport();
  transport.connect();
  const clock = { now: 0 };
  const typing = new Typing({ store, transport, isClosed: (id) => closed.includes(id), now: () => clock.now });
  const shown = () => store.getState().typing[CONV];
  const told = () => transport.emitted("userTyping").map((p: { isTyping: boolean }) => p.isTyping);
  return { store, transport, clock, typing, shown, told };
}

describe("who is typing", () => {
  it("adds a member who starts typing after the others, once, and keeps the same map when nothing changes", () => {
    const one = withTyping({}, CONV, PEER, true);
    expect(one[CONV]).toEqual([PEER]);
    const two = withTyping(one, CONV, THIRD, true);
    expect(two[CONV]).toEqual([PEER, THIRD]);
    expect(withTyping(two, CONV, THIRD, true)).toBe(two);
    expect(withTyping(two, CONV, "nobody", false)).toBe(two);
    expect(withTyping(two, CONV, PEER, false)[CONV]).toEqual([THIRD]);
  });

  it("drops the members whose messages arrived, and only them", () => {
    const typing = { [CONV]: [PEER, THIRD] };
    expect(withoutSenders(typing, CONV, new Set([PEER]))[CONV]).toEqual([THIRD]);
    expect(withoutSenders(typing, CONV, new Set([ME]))).toBe(typing);
    expect(withoutSenders(typing, "elsewhere", new Set([PEER]))).toBe(typing);
  });

  it("stops showing a member six seconds after their last event, in case their stop was lost", () => {
    vi.useFakeTimers();
    const h = harness();
    h.typing.onEvent({ conversationId: CONV, userId: PEER, isTyping: true });
    vi.advanceTimersByTime(5000);
    h.typing.onEvent({ conversationId: CONV, userId: PEER, isTyping: true });
    vi.advanceTimersByTime(5999);
    expect(h.shown()).toEqual([PEER]);
    vi.advanceTimersByTime(1);
    expect(h.shown()).toEqual([]);
  });

  it("ignores our own echo, and anyone starting to type in a closed conversation", () => {
    const h = harness([CONV]);
    h.typing.onEvent({ conversationId: CONV, userId: ME, isTyping: true });
    h.typing.onEvent({ conversationId: CONV, userId: PEER, isTyping: true });
    expect(h.shown()).toBeUndefined();
  });

  it("tells the others at most every two seconds while we type, and that we stopped after three idle seconds", () => {
    vi.useFakeTimers();
    const h = harness();
    h.typing.keystroke(CONV);
    h.clock.now = 1500;
    vi.advanceTimersByTime(1500);
    h.typing.keystroke(CONV);
    expect(h.told()).toEqual([true]);
    h.clock.now = 2000;
    vi.advanceTimersByTime(500);
    h.typing.keystroke(CONV);
    expect(h.told()).toEqual([true, true]);
    vi.advanceTimersByTime(2999);
    expect(h.told()).toEqual([true, true]);
    vi.advanceTimersByTime(1);
    expect(h.told()).toEqual([true, true, false]);
  });

  it("says nothing while offline or in a closed conversation, and sends no stop it did not start", () => {
    const closed = harness([CONV]);
    closed.typing.keystroke(CONV);
    closed.typing.stop(CONV);
    expect(closed.told()).toEqual([]);
    const offline = harness();
    offline.transport.disconnect();
    offline.typing.keystroke(CONV);
    expect(offline.transport.sent).toEqual([]);
  });

  it("forgets who typed in a conversation that closed, and tells the others we stopped there", () => {
    const h = harness();
    h.typing.onEvent({ conversationId: CONV, userId: PEER, isTyping: true });
    h.typing.keystroke(CONV);
    h.typing.close(CONV);
    expect(h.store.getState().typing).toEqual({});
    expect(h.told()).toEqual([true, false]);
    h.typing.dispose();
  });
});
