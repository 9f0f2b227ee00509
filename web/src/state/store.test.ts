import { describe, expect, it } from "vitest";
import { DeviceStorage } from "./store";
import { CONV, ME, MemoryStorage, PEER, storeWith, summary } from "./testing";

describe("the chat store", () => {
  it("replaces the snapshot on every change and tells each listener", () => {
    const store = storeWith();
    const before = store.getState();
    let heard = 0;
    store.subscribe(() => heard++);
    store.set({ notice: "hello" });
    expect(store.getState()).not.toBe(before);
    expect(before.notice).toBeNull();
    expect(store.getState().notice).toBe("hello");
    expect(heard).toBe(1);
  });

  it("tells the listeners once for a batch of changes, after the last one", () => {
    const store = storeWith();
    const seen: (string | null)[] = [];
    store.subscribe(() => seen.push(store.getState().notice));
    store.batch(() => {
      store.set({ notice: "one" });
      store.batch(() => store.set({ notice: "two" }));
      store.set({ listLoaded: true });
    });
    expect(seen).toEqual(["two"]);
    store.batch(() => {});
    expect(seen).toHaveLength(1);
  });

  it("stops telling a listener once it unsubscribed", () => {
    const store = storeWith();
    let heard = 0;
    const off = store.subscribe(() => heard++);
    off();
    store.set({ notice: "x" });
    expect(heard).toBe(0);
  });

  it("patches a conversation held, and ignores one that is not", () => {
    const store = storeWith({ conversations: { [CONV]: summary({ unreadCount: 3 }) } });
    store.patchConversation(CONV, { unreadCount: 0 });
    expect(store.getState().conversations[CONV]!.unreadCount).toBe(0);
    const held = store.getState();
    store.patchConversation("unknown", { unreadCount: 1 });
    expect(store.getState()).toBe(held);
  });
});

describe("what a login keeps on the device", () => {
  it("keeps each user's values under keys of their own", () => {
    const storage = new MemoryStorage();
    new DeviceStorage(storage, ME).save("outbox", [1, 2]);
    expect(new DeviceStorage(storage, ME).load("outbox")).toEqual([1, 2]);
    expect(new DeviceStorage(storage, PEER).load("outbox")).toBeNull();
    expect([...storage.data.keys()]).toEqual([`chat.outbox.${ME}`]);
  });

  it("reads a damaged value as nothing, and survives a storage that refuses writes", () => {
    const storage = new MemoryStorage();
    storage.setItem(`chat.positions.${ME}`, "{not json");
    const device = new DeviceStorage(storage, ME);
    expect(device.load("positions")).toBeNull();
    storage.setItem = () => {
      throw new Error("QuotaExceededError");
    };
    expect(() => device.save("positions", {})).not.toThrow();
  });

  it("forgets a value when asked, and does nothing without a storage", () => {
    const storage = new MemoryStorage();
    const device = new DeviceStorage(storage, ME);
    device.save("outbox", []);
    device.remove("outbox");
    expect(storage.data.size).toBe(0);
    const none = new DeviceStorage(undefined, ME);
    none.save("outbox", []);
    expect(none.load("outbox")).toBeNull();
  });
});
