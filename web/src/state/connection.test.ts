import { afterEach, describe, expect, it, vi } from "vitest";
import { Connectivity } from "./connection";
import { CONV, FakeTransport, PEER, settle, storeWith } from "./testing";

afterEach(() => vi.useRealTimers());

function harness(refreshToken?: () => Promise<string>) {
  const store = storeWith({ typing: { [CONV]: [PEER] } });
  const transport = new FakeTransport();
  const connected: boolean[] = [];
  let ended = 0;
  let stopped = false;
  const connectivity = new Connectivity({
    store,
    transport,
    refreshToken,
    onSessionEnded: () => ended++,
    onConnected: (reconnect) => connected.push(reconnect),
    stopped: () => stopped,
  });
  const unbind = connectivity.bind();
  return { store, transport, connectivity, connected, unbind, ended: () => ended, stop: () => (stopped = true) };
}

const expired = () => Object.assign(new Error("Your session has ended."), { name: "SessionExpired" });

describe("the socket connection", () => {
  it("is online once connected, and tells whether it connected before", () => {
    const h = harness();
    h.transport.connect();
    h.transport.disconnect("transport close");
    h.transport.connect();
    expect(h.store.getState().connection).toBe("online");
    expect(h.connected).toEqual([false, true]);
  });

  it("is connecting again after a drop, offline after our own disconnect, and shows nobody typing either way", () => {
    const h = harness();
    h.transport.connect();
    h.transport.disconnect("transport close");
    expect(h.store.getState()).toMatchObject({ connection: "connecting", typing: {} });
    h.transport.connect();
    h.transport.disconnect("io client disconnect");
    expect(h.store.getState().connection).toBe("offline");
  });

  it("follows the browser's network: offline at once, connecting again when it is back", () => {
    const h = harness();
    h.transport.connect();
    h.connectivity.setNetwork(false);
    expect(h.transport.connected).toBe(false);
    expect(h.store.getState()).toMatchObject({ connection: "offline", typing: {} });
    h.connectivity.setNetwork(true);
    expect(h.transport.connected).toBe(true);
    expect(h.store.getState().connection).toBe("online");
  });

  it("refreshes the login and connects again when the handshake is refused", async () => {
    const h = harness(async () => "fresh");
    h.transport.fire("connect_error", new Error("unauthorized"));
    await settle();
    expect(h.transport.token).toBe("fresh");
    expect(h.store.getState().connection).toBe("online");
  });

  it("ends the login after three refused handshakes in a row", async () => {
    const h = harness(async () => "refused again");
    h.transport.connect = () => h.transport.fire("connect_error", new Error("unauthorized"));
    h.transport.connect();
    await settle();
    expect(h.ended()).toBe(1);
  });

  it("ends the login when the server closed the socket and the refresh says it is over", async () => {
    const h = harness(async () => {
      throw expired();
    });
    h.transport.connect();
    h.transport.disconnect("io server disconnect");
    await settle();
    expect(h.ended()).toBe(1);
  });

  it("tries the refresh again after five seconds when it failed for another reason", async () => {
    vi.useFakeTimers();
    let attempts = 0;
    const h = harness(async () => {
      if (++attempts === 1) throw new Error("offline");
      return "fresh";
    });
    h.transport.fire("connect_error", new Error("unauthorized"));
    await vi.advanceTimersByTimeAsync(4999);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toBe(2);
    expect(h.transport.token).toBe("fresh");
  });

  it("ends the login at once without a way to refresh it", async () => {
    const h = harness();
    h.transport.fire("connect_error", new Error("unauthorized"));
    await settle();
    expect(h.ended()).toBe(1);
  });

  it("shows a new token to the live socket, and connects with it a socket waiting for one", () => {
    const h = harness();
    h.connectivity.setToken("while-connecting");
    expect(h.transport.connected).toBe(true);
    h.connectivity.setToken("live");
    expect(h.transport.emitted("refreshAuth")).toEqual([{ token: "live" }]);
  });

  it("changes nothing once the client stopped", () => {
    const h = harness();
    h.stop();
    h.connectivity.setNetwork(true);
    h.transport.fire("connect_error", new Error("unauthorized"));
    expect(h.transport.connected).toBe(false);
    expect(h.store.getState().connection).toBe("connecting");
    expect(h.ended()).toBe(0);
  });
});
