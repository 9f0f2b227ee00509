// The Socket.IO connection (docs/realtime.md): opened with the login's access token, shown each
// fresh token (`refreshAuth`) so the server does not close it when the old one expires, and
// opened again with a fresh token when the server closed it (`authExpired`) or refused it.

import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { ChatApiError } from "./errors.js";
import type { ClientToServerEvents, ServerToClientEvents } from "./generated/realtime.js";
import type { RestClient } from "./rest.js";

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ClientEvent = keyof ClientToServerEvents;
/** The payload of a client event. */
export type Payload<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];
/** The acknowledgement of a client event: `{ ok: true, ...answer }` or `{ ok: false, error }`. */
export type AckOf<E extends ClientEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
/** The successful acknowledgement of a client event. */
export type AckAnswer<E extends ClientEvent> = Extract<AckOf<E>, { ok: true }>;
export type SocketSettings = Partial<ManagerOptions & SocketOptions>;

export interface RealtimeDeps {
  url: string;
  rest: RestClient;
  socket?: SocketSettings;
  /** Refresh the access token before it expires while the socket is open. */
  autoRefresh: boolean;
  ackTimeoutMs: number;
  connected(reconnect: boolean): void;
  disconnected(reason: string): void;
  authRefreshed(expiresAt: string | null): void;
  /** Any server event (for the app's listeners). */
  serverEvent(event: string, args: unknown[]): void;
}

/** Handshakes refused in a row (each after a refresh) before the login is taken as over. */
const MAX_REFUSED = 3;
const RETRY_MS = 5_000;

export class Realtime {
  private socket: ChatSocket | null = null;
  private closed = true;
  private everConnected = false;
  /** The token of the last handshake, and the token the open socket lives on. */
  private handshakeToken: string | undefined;
  private shownToken: string | undefined;
  /** The token the server said expired (`authExpired`): the next handshake refreshes it first. */
  private expiredToken: string | undefined;
  private refused = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: RealtimeDeps) {
    deps.rest.subscribe((session) => {
      if (!session || this.closed) return;
      this.scheduleRefresh();
      if (session.accessToken !== this.shownToken) void this.push(session.accessToken);
    });
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** The Socket.IO socket (null before the first `open`). */
  get raw(): ChatSocket | null {
    return this.socket;
  }

  /** Connects (and keeps connecting) until `close`. */
  open(): void {
    this.closed = false;
    const socket = this.socket ?? this.create();
    this.scheduleRefresh();
    if (!socket.connected) socket.connect();
  }

  /** Disconnects and stops the timers; `open` connects again. */
  close(): void {
    this.closed = true;
    clearTimeout(this.refreshTimer);
    clearTimeout(this.reconnectTimer);
    this.socket?.disconnect();
  }

  /** Emits `event` and resolves with its successful acknowledgement; rejects with a ChatApiError. */
  async call<E extends ClientEvent>(event: E, payload: Payload<E>, timeoutMs = this.deps.ackTimeoutMs): Promise<AckAnswer<E>> {
    const socket = this.socket;
    // Never let Socket.IO buffer an event for a later connection: the caller decides what to resend.
    if (!socket?.connected) throw new ChatApiError(undefined, "disconnected", "not connected");
    const timed = socket.timeout(timeoutMs) as unknown as {
      emitWithAck<K extends ClientEvent>(event: K, payload: Payload<K>): Promise<AckOf<K>>;
    };
    let ack: AckOf<ClientEvent>;
    try {
      ack = await timed.emitWithAck(event, payload);
    } catch {
      const code = socket.connected ? "timeout" : "disconnected";
      throw new ChatApiError(undefined, code, `no acknowledgement of ${event} (${code})`);
    }
    if (!ack.ok) throw new ChatApiError(undefined, ack.error.code, ack.error.message, ack.error.details);
    return ack as AckAnswer<E>;
  }

  private create(): ChatSocket {
    const socket: ChatSocket = io(this.deps.url, {
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      ...this.deps.socket,
      forceNew: true,
      autoConnect: false,
      // Asked at every handshake, so a reconnect always carries the newest token.
      auth: (cb) => this.authenticate(cb),
    });
    socket.on("connect", () => {
      this.refused = 0;
      this.shownToken = this.handshakeToken;
      const reconnect = this.everConnected;
      this.everConnected = true;
      this.deps.connected(reconnect);
      // Refreshed during the handshake: show it now.
      const current = this.deps.rest.session?.accessToken;
      if (current && current !== this.shownToken) void this.push(current);
    });
    socket.on("authExpired", () => {
      this.expiredToken = this.shownToken;
    });
    socket.on("disconnect", (reason) => {
      this.deps.disconnected(reason);
      // The server closed it (token expired, login revoked, server draining): Socket.IO does not
      // reconnect by itself then. A revoked login is refused at the handshake, then ends.
      if (!socket.active && !this.closed) this.reconnect(this.expiredToken ? 0 : 1000);
    });
    socket.on("connect_error", (error) => {
      // Transport errors are retried by Socket.IO itself; a refused handshake is not.
      if (socket.active || this.closed) return;
      if (error.message !== "unauthorized") return this.reconnect(RETRY_MS);
      if (++this.refused > MAX_REFUSED) {
        this.deps.rest.clear(new ChatApiError(undefined, "unauthorized", "the server refuses this login's tokens"));
        return;
      }
      this.deps.rest.refresh(this.handshakeToken).then(
        () => this.reconnect(0),
        () => this.reconnect(RETRY_MS), // an ended login closes everything through the rest listener
      );
    });
    socket.onAny((event: string, ...args: unknown[]) => this.deps.serverEvent(event, args));
    this.socket = socket;
    return socket;
  }

  private authenticate(cb: (data: object) => void): void {
    const expired = this.expiredToken;
    const token = expired !== undefined ? this.deps.rest.refresh(expired).then((s) => s.accessToken) : this.deps.rest.accessToken();
    token.then(
      (t) => {
        this.expiredToken = undefined;
        this.handshakeToken = t;
        if (!this.closed) cb({ token: t });
      },
      // No handshake: the server drops the connection after its handshake timeout and Socket.IO
      // opens a new one, which asks again. An ended login closes everything meanwhile.
      () => undefined,
    );
  }

  /** Shows the live socket a fresh token (it then lives until that one expires). */
  private async push(token: string): Promise<void> {
    if (!this.socket?.connected) return; // the next handshake carries it
    try {
      const answer = await this.call("refreshAuth", { token });
      this.shownToken = token;
      this.deps.authRefreshed(answer.expiresAt ?? null);
    } catch {
      // Refused or lost: the server closes the socket when the old token expires, and the
      // reconnect carries the new one.
    }
  }

  /** Refreshes the tokens a little before the access token expires (a minute, or 20% of its life). */
  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    const session = this.deps.rest.session;
    if (!this.deps.autoRefresh || this.closed || !session) return;
    const left = session.expiresAt - Date.now();
    const delay = Math.max(0, left - Math.min(60_000, left * 0.2));
    this.refreshTimer = setTimeout(() => {
      const stale = this.deps.rest.session?.accessToken;
      // Success reschedules through the rest listener; a failure that did not end the login retries.
      this.deps.rest.refresh(stale).catch(() => {
        if (this.deps.rest.session) this.refreshTimer = setTimeout(() => this.scheduleRefresh(), RETRY_MS);
      });
    }, delay);
  }

  private reconnect(ms: number): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (!this.closed && this.socket && !this.socket.connected) this.socket.connect();
    }, ms);
  }
}
