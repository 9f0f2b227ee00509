// Builders and fakes shared by the unit tests (not part of the app bundle).

import type { ConversationSummary, Message, User } from "../api/types";
import { Store, initialState, type ChatState } from "./store";
import type { Thread } from "./timeline";
import type { AnswerOf, Handler, ListenArgs, ListenEvent, PayloadOf, RequestEvent, Transport } from "./transport";

export const ME = "00000000-0000-4000-8000-000000000001";
export const PEER = "00000000-0000-4000-8000-000000000002";
export const CONV = "00000000-0000-4000-8000-0000000000c1";

export function user(id: string, name = id.slice(-4)): User {
  return { id, username: `u${name}`, displayName: `User ${name}`, status: "online", createdAt: "2024-01-01T00:00:00Z" };
}

export function msg(seq: number, over: Partial<Message> = {}): Message {
  return {
    id: `m-${seq}`,
    conversationId: CONV,
    seq,
    senderId: PEER,
    type: "text",
    content: `message ${seq}`,
    attachments: [],
    clientMsgId: null,
    replyToId: null,
    createdAt: new Date(Date.UTC(2024, 0, 1, 12, 0, seq)).toISOString(),
    editedAt: null,
    deleted: false,
    ...over,
  };
}

export function summary(over: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: CONV,
    kind: "direct",
    createdBy: ME,
    createdAt: "2024-01-01T00:00:00Z",
    members: [
      { userId: ME, role: "member" },
      { userId: PEER, role: "member" },
    ],
    lastSeq: 0,
    lastMessage: null,
    unreadCount: 0,
    readSeq: 0,
    ...over,
  };
}

/** A store signed in as ME, with `over` in its state. */
export function storeWith(over: Partial<ChatState> = {}): Store {
  return new Store({ ...initialState(user(ME)), ...over });
}

/** A thread holding `messages`, loaded. */
export function loaded(messages: Message[], over: Partial<Thread> = {}): Thread {
  return { messages, hasMoreBefore: false, loaded: true, loadingOlder: false, ...over };
}

/** What a fake request answers: an acknowledgement, or "drop" to time out. */
export type Responder<E extends RequestEvent> = (payload: PayloadOf<E>) => AnswerOf<E> | Promise<AnswerOf<E>> | "drop";
type Responders = { [E in RequestEvent]: Responder<E> };
type Sent = { [E in RequestEvent]: PayloadOf<E>[] };
type Listeners = { [E in ListenEvent]: Set<Handler<E>> };

/** What the fake answers to a request nobody set an answer for: what the server would, roughly. */
function defaultResponders(): Responders {
  let seq = 0;
  const reactions = (p: PayloadOf<"addReaction">): AnswerOf<"addReaction"> => ({ ok: true, messageId: p.messageId, reactions: [] });
  return {
    addReaction: reactions,
    removeReaction: reactions,
    markAsDelivered: (p) => ({ ok: true, seq: p.seq }),
    markAsRead: (p) => ({ ok: true, seq: p.seq }),
    refreshAuth: () => ({ ok: true }),
    sendMessage: (p) => ({
      ok: true,
      message: msg(++seq, {
        conversationId: p.conversationId,
        senderId: ME,
        content: p.content ?? "",
        clientMsgId: p.clientMsgId ?? null,
        replyToId: p.replyToId ?? null,
      }),
    }),
    setStatus: (p) => ({ ok: true, userId: ME, status: p.status }),
    syncConversation: () => ({ ok: true, messages: [], hasMore: false }),
    uploadFile: () => ({ ok: false, error: { code: "not_configured", message: "no uploads in this fake" } }),
    userTyping: () => ({ ok: true }),
  };
}

/** A Socket.IO stand-in: records emits, answers requests with `answer`, fires server events. */
export class FakeTransport implements Transport {
  connected = false;
  token = "";
  // One entry per event of the contract (tsc asks for a new one here when the server adds one), so
  // that each event's listeners and payloads keep their own types.
  private readonly listeners: Listeners = {
    connect: new Set(),
    disconnect: new Set(),
    connect_error: new Set(),
    authExpired: new Set(),
    conversationCreated: new Set(),
    conversationDeleted: new Set(),
    conversationUpdated: new Set(),
    flashGroupExpired: new Set(),
    jobUpdated: new Set(),
    memberAdded: new Set(),
    memberRemoved: new Set(),
    messageDeleted: new Set(),
    messageUpdated: new Set(),
    messagesDelivered: new Set(),
    messagesRead: new Set(),
    notification: new Set(),
    reactionsUpdated: new Set(),
    receiveMessage: new Set(),
    userStatus: new Set(),
    userTyping: new Set(),
  };
  /** Everything sent, in order. */
  readonly sent: { event: RequestEvent; payload: unknown }[] = [];
  private readonly payloads: Sent = {
    addReaction: [],
    markAsDelivered: [],
    markAsRead: [],
    refreshAuth: [],
    removeReaction: [],
    sendMessage: [],
    setStatus: [],
    syncConversation: [],
    uploadFile: [],
    userTyping: [],
  };
  private readonly responders: Responders = defaultResponders();

  connect(): void {
    if (this.connected) return;
    this.connected = true;
    this.fire("connect");
  }
  disconnect(reason = "io client disconnect"): void {
    if (!this.connected) return;
    this.connected = false;
    this.fire("disconnect", reason);
  }
  setToken(token: string): void {
    this.token = token;
  }
  on<E extends ListenEvent>(event: E, handler: Handler<E>): () => void {
    const set = this.listeners[event];
    set.add(handler);
    return () => set.delete(handler);
  }
  answer<E extends RequestEvent>(event: E, responder: Responder<E>): void {
    this.responders[event] = responder;
  }
  async request<E extends RequestEvent>(event: E, payload: PayloadOf<E>): Promise<AnswerOf<E>> {
    if (!this.connected) throw new Error("not connected");
    this.record(event, payload);
    const answer = await this.responders[event](payload);
    if (answer === "drop") throw new Error("timeout");
    return answer;
  }
  emit<E extends RequestEvent>(event: E, payload: PayloadOf<E>): void {
    if (this.connected) this.record(event, payload);
  }
  private record<E extends RequestEvent>(event: E, payload: PayloadOf<E>): void {
    this.sent.push({ event, payload });
    this.payloads[event].push(payload);
  }
  fire<E extends ListenEvent>(event: E, ...args: ListenArgs[E]): void {
    for (const h of this.listeners[event]) h(...args);
  }
  /** The payloads sent with `event`, oldest first. */
  emitted<E extends RequestEvent>(event: E): PayloadOf<E>[] {
    return this.payloads[event];
  }
}

/** Lets pending promise callbacks run. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

export class MemoryStorage {
  data = new Map<string, string>();
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.data.set(k, v);
  }
  removeItem(k: string): void {
    this.data.delete(k);
  }
}
