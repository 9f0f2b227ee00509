// The Socket.IO connection (docs/realtime.md), behind the Transport interface.

import { io, type Socket } from "socket.io-client";
import type { Ack } from "./types";
import type { Transport } from "../state/transport";

export class SocketTransport implements Transport {
  private readonly socket: Socket;

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

  on(event: string, handler: (...args: never[]) => void): () => void {
    const h = handler as (...args: unknown[]) => void;
    this.socket.on(event, h);
    return () => {
      this.socket.off(event, h);
    };
  }

  request<T>(event: string, payload: unknown, timeoutMs = 10_000): Promise<Ack<T>> {
    // Never let Socket.IO buffer it for a later connection: the caller decides what to resend.
    if (!this.socket.connected) return Promise.reject(new Error("not connected"));
    return this.socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<Ack<T>>;
  }

  emit(event: string, payload: unknown): void {
    if (this.socket.connected) this.socket.emit(event, payload);
  }
}
