// What the chat state needs from Socket.IO, so it can run against a fake in unit tests. Event
// names, payloads, acknowledgements and handlers are those of the generated realtime contract
// (openapi/asyncapi.json): a wrong event name or payload fails `tsc`.

import type { ClientToServerEvents, ServerToClientEvents } from "../api/types";

/** What Socket.IO itself fires on every socket. */
export interface ConnectionEvents {
  connect: () => void;
  /** The reason, e.g. `io server disconnect`, `transport close`. */
  disconnect: (reason: string) => void;
  connect_error: (error: Error) => void;
}

/** Everything a transport can be listened to for. */
export type ListenEvents = ServerToClientEvents & ConnectionEvents;
export type ListenEvent = keyof ListenEvents;
/** The arguments each of them is fired with. */
export type ListenArgs = { [E in ListenEvent]: Parameters<ListenEvents[E]> };
/** A listener of event `E`. */
export type Handler<E extends ListenEvent> = (...args: ListenArgs[E]) => void;

/** The events a client sends (each one acknowledged). */
export type RequestEvent = keyof ClientToServerEvents;
/** What event `E` carries. */
export type PayloadOf<E extends RequestEvent> = Parameters<ClientToServerEvents[E]>[0];
/** The acknowledgement of event `E`: the argument of its last parameter, the ack callback. */
export type AnswerOf<E extends RequestEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

export interface Transport {
  readonly connected: boolean;
  connect(): void;
  disconnect(): void;
  /** The access token of the next handshake (`socket.auth = { token }`). */
  setToken(token: string): void;
  /** Listens to a server event or to `connect`, `disconnect` (reason), `connect_error` (Error). */
  on<E extends ListenEvent>(event: E, handler: Handler<E>): () => void;
  /** Emits with an acknowledgement; rejects when not connected or after `timeoutMs`. */
  request<E extends RequestEvent>(event: E, payload: PayloadOf<E>, timeoutMs?: number): Promise<AnswerOf<E>>;
  /** Emits without waiting for an answer (typing). Dropped while disconnected. */
  emit<E extends RequestEvent>(event: E, payload: PayloadOf<E>): void;
}

/** How long a request waits for its acknowledgement. */
export const REQUEST_TIMEOUT_MS = 10_000;
