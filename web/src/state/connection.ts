// The socket's side of the state: whether it is connected (`connection`), following the browser's
// network, and its access token: refreshed tokens shown to the live socket, and a handshake the
// server refused (or a socket it closed) answered by refreshing the login, or ending it.

import type { Store } from "./store";
import type { Transport } from "./transport";

/** Handshakes refused in a row before the login is taken as over. */
const MAX_REFUSED_HANDSHAKES = 3;
const RETRY_REFRESH_MS = 5000;

export interface ConnectivityDeps {
  store: Store;
  transport: Transport;
  /** A fresh access token (refreshing the session); rejects when the login is over. */
  refreshToken?: () => Promise<string>;
  /** The login ended (revoked, expired). */
  onSessionEnded?: () => void;
  /** The socket connected (`reconnect`: not for the first time). */
  onConnected(reconnect: boolean): void;
  /** Whether the client stopped (then nothing changes any more). */
  stopped(): boolean;
}

export class Connectivity {
  private everConnected = false;
  private refusedHandshakes = 0;

  constructor(private readonly deps: ConnectivityDeps) {}

  /** Listens to the socket's `connect`, `disconnect` and `connect_error`; answers how to stop listening. */
  bind(): (() => void)[] {
    const t = this.deps.transport;
    return [
      t.on("connect", () => this.onConnect()),
      t.on("disconnect", (reason: string) => this.onDisconnect(reason)),
      t.on("connect_error", (error: Error) => void this.onConnectError(error)),
    ];
  }

  /**
   * A refreshed access token: the live socket is shown it (`refreshAuth`, or the server closes the
   * socket when the old token expires), the socket's next handshake uses it
   * (`socket.auth = { token }`), and a socket that is down for want of a valid token connects with
   * it now.
   */
  setToken(token: string): void {
    const { transport: t, store } = this.deps;
    t.setToken(token);
    if (!this.deps.stopped() && t.connected) {
      // Should it fail, the server closes the socket at expiry and the client signs in again.
      t.request("refreshAuth", { token }).catch(() => undefined);
    }
    if (!this.deps.stopped() && !t.connected && store.getState().connection === "connecting") t.connect();
  }

  /** The browser's network went away or came back (`offline` / `online` events). */
  setNetwork(online: boolean): void {
    if (this.deps.stopped()) return;
    if (online) {
      this.deps.store.set({ connection: "connecting" });
      this.deps.transport.connect();
    } else {
      this.deps.transport.disconnect();
      this.deps.store.set({ connection: "offline", typing: {} });
    }
  }

  private onConnect(): void {
    const reconnect = this.everConnected;
    this.everConnected = true;
    this.refusedHandshakes = 0;
    this.deps.store.set({ connection: "online" });
    this.deps.onConnected(reconnect);
  }

  private onDisconnect(reason: string): void {
    if (this.deps.stopped()) return;
    const byUs = reason === "io client disconnect";
    // Nobody is shown typing: their stops would not reach us.
    this.deps.store.set({ connection: byUs ? "offline" : "connecting", typing: {} });
    if (reason === "io server disconnect") {
      // The server closed it: the login was revoked (logout elsewhere, a replayed refresh token)
      // or it restarts. A refresh tells which.
      void this.reauthenticate();
    }
  }

  private async onConnectError(error: Error): Promise<void> {
    if (this.deps.stopped()) return;
    this.deps.store.set({ connection: "connecting" });
    if (error.message === "unauthorized") await this.reauthenticate();
  }

  private async reauthenticate(): Promise<void> {
    const refresh = this.deps.refreshToken;
    if (!refresh || ++this.refusedHandshakes > MAX_REFUSED_HANDSHAKES) {
      this.deps.onSessionEnded?.();
      return;
    }
    try {
      const token = await refresh();
      if (this.deps.stopped()) return;
      this.deps.transport.setToken(token);
      this.deps.transport.connect();
    } catch (e) {
      if ((e as Error).name === "SessionExpired") this.deps.onSessionEnded?.();
      else setTimeout(() => void this.reauthenticate(), RETRY_REFRESH_MS);
    }
  }
}
