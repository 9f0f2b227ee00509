// The Socket.IO connection (docs/realtime.md), behind the Transport interface. The socket is typed
// with the generated realtime contract (`Socket<ServerToClientEvents, ClientToServerEvents>`).

import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "./types";
import type { AnswerOf, Handler, ListenEvent, PayloadOf, RequestEvent, Transport } from "../state/transport";

export class SocketTransport implements Transport {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  constructor(token: string, url?: string) {
    const options = {
      autoConnect: false,
      auth: { token },
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    };
    this.socket = url ? io(url, options) : io(options);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  connect(): void {
    if (!this.socket.connected) this.socket.connect();
  }

  disconnect(): void {
    this.socket.disconnect();
  }

  setToken(token: string): void {
    this.socket.auth = { token };
  }

  // Callers see the generic signature; the implementation takes any listener of any event (a
  // function of every event's arguments), which TypeScript can relate to Socket.IO's own `on`.
  on<E extends ListenEvent>(event: E, handler: Handler<E>): () => void;
  on(event: ListenEvent, handler: Handler<ListenEvent>): () => void {
    this.socket.on(event, handler);
    return () => {
      this.socket.off(event, handler);
    };
  }

  request<E extends RequestEvent>(event: E, payload: PayloadOf<E>, timeoutMs = 10_000): Promise<AnswerOf<E>> {
    // Never let Socket.IO buffer it for a later connection: the caller decides what to resend.
    if (!this.socket.connected) return Promise.reject(new Error("not connected"));
    return this.emitter().timeout(timeoutMs).emitWithAck(event, payload);
  }

  emit<E extends RequestEvent>(event: E, payload: PayloadOf<E>): void {
    // Without an acknowledgement callback: the server then sends none.
    if (this.socket.connected) this.emitter().emit(event, payload);
  }

  /**
   * The socket as Socket.IO's untyped emitter. Its typed `emit` and `emitWithAck` take their
   * arguments as conditional types TypeScript cannot match to a generic event name (and its
   * `timeout(…).emitWithAck` answers `any` whatever the events), so both go through this view;
   * `request` and `emit` above are what check the event, its payload and its answer.
   */
  private emitter(): Socket {
    return this.socket;
  }
}
