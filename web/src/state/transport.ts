// What the chat state needs from Socket.IO, so it can run against a fake in unit tests.

import type { Ack } from "../api/types";

export interface Transport {
  readonly connected: boolean;
  connect(): void;
  disconnect(): void;
  /** The access token of the next handshake (`socket.auth = { token }`). */
  setToken(token: string): void;
  /** Listens to a server event or to `connect`, `disconnect` (reason), `connect_error` (Error). */
  on(event: string, handler: (...args: never[]) => void): () => void;
  /** Emits with an acknowledgement; rejects when not connected or after `timeoutMs`. */
  request<T>(event: string, payload: unknown, timeoutMs?: number): Promise<Ack<T>>;
  /** Emits without waiting for an answer (typing). Dropped while disconnected. */
  emit(event: string, payload: unknown): void;
}

/** How long a request waits for its acknowledgement. */
export const REQUEST_TIMEOUT_MS = 10_000;
