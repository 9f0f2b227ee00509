// ChatClient: a login (REST, tokens refreshed), a socket, an outbox that resends by `clientMsgId`
// until acknowledged, and a seq tracker that delivers each message once, in order.

import { Emitter } from "./emitter.js";
import { ChatApiError, isRetryable } from "./errors.js";
import type { components as Rest } from "./generated/rest.js";
import type { components as Realtime$, ServerToClientEvents } from "./generated/realtime.js";
import { Outbox, type PendingMessage } from "./outbox.js";
import {
  Realtime,
  type AckAnswer,
  type ChatSocket,
  type ClientEvent,
  type Payload,
  type SocketSettings,
} from "./realtime.js";
import { RestClient, type Fetch, type Session, type User } from "./rest.js";
import { SeqTracker } from "./sync.js";

export type Message = Realtime$["schemas"]["Message"];
export type Conversation = Rest["schemas"]["Conversation"];
export type ConversationSummary = Rest["schemas"]["Page_ConversationSummary"]["items"][number];
export type HistoryPage = Rest["schemas"]["HistoryPage"];
export type RegisterRequest = Rest["schemas"]["RegisterRequest"];

/** The client's own events, beside the server's (ServerToClientEvents). */
export interface ClientEvents {
  /** Each message of a followed conversation exactly once, in seq order per conversation. */
  message: (message: Message) => void;
  /** The socket connected (`reconnect`: not for the first time; missed messages follow). */
  connect: (info: { reconnect: boolean }) => void;
  /** The socket dropped (Socket.IO's reason); it reconnects by itself unless closed. */
  disconnect: (reason: string) => void;
  /** The live socket was shown a fresh access token: it now lives until `expiresAt`. */
  authRefreshed: (expiresAt: string | null) => void;
  /** The login is over (refresh token refused, login revoked): log in again. */
  sessionEnded: (error: ChatApiError) => void;
  /** A catch-up failed, other than by a disconnect or because the conversation is gone. */
  error: (error: unknown) => void;
}
export type ChatEvents = ClientEvents & ServerToClientEvents;

export interface ChatClientOptions {
  /** The server's origin, e.g. `https://chat.example.org`. */
  url: string;
  /** A login kept from an earlier run (what `onTokens` was given). */
  session?: Session | null;
  /** Called with each new set of tokens, and with null when the login ends: persist them here. */
  onTokens?: (session: Session | null) => void;
  /** Refresh the access token before it expires while connected (default true). */
  autoRefresh?: boolean;
  /** How long an acknowledgement is waited for (default 10 s). */
  ackTimeoutMs?: number;
  /** Extra socket.io-client options (`transports`, `path`, …). */
  socket?: SocketSettings;
  fetch?: Fetch;
}

export interface SendOptions {
  /** The idempotency key (default: a new random UUID). Reuse it to retry a send yourself. */
  clientMsgId?: string;
  replyToId?: string | null;
  attachmentIds?: string[];
}

export class ChatClient {
  /** The typed REST layer: `client.rest.request(method, path, options)`. */
  readonly rest: RestClient;
  private readonly events = new Emitter<ChatEvents>();
  private readonly realtime: Realtime;
  private readonly outbox: Outbox;
  private readonly tracker: SeqTracker;

  constructor(options: ChatClientOptions) {
    this.rest = new RestClient(options);
    this.rest.subscribe((session, ended) => {
      if (session || !ended) return;
      this.close(ended);
      this.events.emit("sessionEnded", ended);
    });
    this.realtime = new Realtime({
      url: options.url,
      rest: this.rest,
      autoRefresh: options.autoRefresh ?? true,
      ackTimeoutMs: options.ackTimeoutMs ?? 10_000,
      ...(options.socket ? { socket: options.socket } : {}),
      connected: (reconnect) => this.onConnect(reconnect),
      disconnected: (reason) => this.events.emit("disconnect", reason),
      authRefreshed: (expiresAt) => this.events.emit("authRefreshed", expiresAt),
      serverEvent: (event, args) => this.onServerEvent(event, args),
    });
    this.outbox = new Outbox({
      send: async (payload) => (await this.realtime.call("sendMessage", payload)).message,
      canSend: () => this.realtime.connected,
      onStored: (message) => this.tracker.accept(message),
    });
    this.tracker = new SeqTracker({
      fetchPage: async (conversationId, afterSeq) => this.realtime.call("syncConversation", { conversationId, afterSeq, limit: 100 }),
      deliver: (message) => this.events.emit("message", message),
      failed: (conversationId, error) => this.onCatchUpFailed(conversationId, error),
    });
  }

  /** The logged-in user, or null. */
  get user(): User | null {
    return this.rest.session?.user ?? null;
  }

  get session(): Session | null {
    return this.rest.session;
  }

  get connected(): boolean {
    return this.realtime.connected;
  }

  /** The Socket.IO socket, for anything this class does not wrap (null before `connect`). */
  get socket(): ChatSocket | null {
    return this.realtime.raw;
  }

  async login(login: string, password: string): Promise<User> {
    const tokens = await this.rest.request("post", "/api/auth/login", { body: { login, password }, auth: false });
    return this.rest.setTokens(tokens).user;
  }

  async register(account: RegisterRequest): Promise<User> {
    const tokens = await this.rest.request("post", "/api/auth/register", { body: account, auth: false });
    return this.rest.setTokens(tokens).user;
  }

  /** Ends the login on the server and here; pending sends are rejected (`closed`). */
  async logout(): Promise<void> {
    const session = this.rest.session;
    this.close();
    this.rest.clear();
    if (session) await this.rest.request("post", "/api/auth/logout", { body: { refreshToken: session.refreshToken }, auth: false });
  }

  /** Trades the refresh token for new tokens now (the socket is shown the new access token). */
  refreshTokens(): Promise<Session> {
    return this.rest.refresh();
  }

  /** Every conversation of the user, most recently active first. */
  async conversations(): Promise<ConversationSummary[]> {
    const all: ConversationSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.rest.request("get", "/api/conversations", { query: { limit: 100, ...(cursor ? { cursor } : {}) } });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  createGroup(name: string, memberIds: string[], description?: string): Promise<Conversation> {
    return this.rest.request("post", "/api/conversations", { body: { kind: "group", name, memberIds, description: description ?? null } });
  }

  createDirect(userId: string): Promise<Conversation> {
    return this.rest.request("post", "/api/conversations", { body: { kind: "direct", memberIds: [userId] } });
  }

  /** A page of history, ascending seq (without bounds: the newest page). */
  history(conversationId: string, query: { beforeSeq?: number; afterSeq?: number; limit?: number } = {}): Promise<HistoryPage> {
    return this.rest.request("get", "/api/conversations/{id}/messages", { params: { id: conversationId }, query });
  }

  /** Opens the socket; resolves once connected. It then reconnects by itself until `close`. */
  connect(): Promise<void> {
    if (!this.rest.session) return Promise.reject(new ChatApiError(undefined, "unauthorized", "not logged in"));
    const connected = new Promise<void>((resolve, reject) => {
      if (this.realtime.connected) return resolve();
      const offs = [
        this.events.on("connect", () => done()),
        this.events.on("sessionEnded", (error) => done(error)),
      ];
      const done = (error?: ChatApiError) => {
        offs.forEach((off) => off());
        if (error) reject(error);
        else resolve();
      };
    });
    this.realtime.open();
    return connected;
  }

  /** Disconnects; what is pending stays queued and goes out at the next `connect`. */
  disconnect(): void {
    this.realtime.close();
  }

  /** Disconnects for good: pending sends are rejected (`closed`, or `reason`). */
  close(reason?: ChatApiError): void {
    this.realtime.close();
    this.outbox.failAll(reason ?? new ChatApiError(undefined, "closed", "the client was closed"));
  }

  /** Listens to a server event or one of ClientEvents; answers how to stop. */
  on<E extends keyof ChatEvents>(event: E, handler: ChatEvents[E]): () => void {
    return this.events.on(event, handler);
  }

  /**
   * Sends a message: it gets a `clientMsgId`, waits in the outbox while disconnected, and is sent
   * again with the same id after a lost acknowledgement, a reconnect, `unavailable` or
   * `rate_limited` (after `retryAfterSecs`). Resolves with the stored message; rejects with the
   * server's ChatApiError when it refuses it for good (`not_found`, `forbidden`, …), not retried.
   */
  send(conversationId: string, content: string, options: SendOptions = {}): Promise<Message> {
    const { clientMsgId = newId(), replyToId, attachmentIds } = options;
    return this.outbox.add({
      conversationId,
      clientMsgId,
      ...(content ? { content } : {}),
      ...(replyToId ? { replyToId } : {}),
      ...(attachmentIds?.length ? { attachmentIds } : {}),
    });
  }

  /** Messages waiting for their acknowledgement, in sending order. */
  pending(): readonly PendingMessage[] {
    return this.outbox.list();
  }

  /**
   * Follows a conversation from `afterSeq` (the last seq the app holds, e.g. from `history` or a
   * conversation's `lastSeq`): `message` delivers everything after it, fetched now if connected.
   * A conversation not followed is followed from the first live message seen in it.
   */
  follow(conversationId: string, afterSeq: number): void {
    this.tracker.follow(conversationId, afterSeq);
    if (this.realtime.connected) void this.tracker.catchUp(conversationId);
  }

  /** The highest seq delivered by `message` in a conversation (undefined: not followed). */
  position(conversationId: string): number | undefined {
    return this.tracker.position(conversationId);
  }

  /** Emits any client event and resolves with its successful acknowledgement (ChatApiError otherwise). */
  call<E extends ClientEvent>(event: E, payload: Payload<E>): Promise<AckAnswer<E>> {
    return this.realtime.call(event, payload);
  }

  private onConnect(reconnect: boolean): void {
    this.events.emit("connect", { reconnect });
    this.outbox.flush();
    void this.tracker.catchUpAll();
  }

  private onServerEvent(event: string, args: unknown[]): void {
    const me = this.user?.id;
    // The package's own bookkeeping first, then the app's listeners.
    if (event === "receiveMessage") this.tracker.accept(args[0] as Message);
    if (event === "conversationCreated") {
      const c = args[0] as Conversation;
      if (this.tracker.position(c.id) === undefined) this.tracker.follow(c.id, c.lastSeq);
    }
    if (event === "conversationDeleted" || event === "flashGroupExpired") {
      this.tracker.forget((args[0] as { conversationId: string }).conversationId);
    }
    if (event === "memberRemoved") {
      const m = args[0] as { conversationId: string; userId: string };
      if (m.userId === me) this.tracker.forget(m.conversationId);
    }
    this.events.emitUnchecked(event, args);
  }

  private onCatchUpFailed(conversationId: string, error: unknown): void {
    if (!(error instanceof ChatApiError) || error.code === "disconnected") return; // the next connect retries
    if (error.code === "not_found" || error.code === "forbidden") return this.tracker.forget(conversationId);
    if (isRetryable(error)) {
      setTimeout(() => void this.tracker.catchUp(conversationId), (error.retryAfterSecs ?? 2) * 1000);
    }
    this.events.emit("error", error);
  }
}

/** A random UUID (crypto.randomUUID needs a secure context in browsers; getRandomValues does not). */
function newId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
