// Builders and fakes shared by the unit tests (not part of the app bundle).

import type { Ack, ConversationSummary, Message, User } from "../api/types";
import { Store, initialState, type ChatState } from "./store";
import type { Thread } from "./timeline";
import type { Transport } from "./transport";

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

type Handler = (...args: unknown[]) => void;
type Responder = (payload: any) => Ack<any> | Promise<Ack<any>> | "drop";

/** A Socket.IO stand-in: records emits, answers requests with `answer`, fires server events. */
export class FakeTransport implements Transport {
  connected = false;
  token = "";
  handlers = new Map<string, Set<Handler>>();
  sent: { event: string; payload: any }[] = [];
  responders = new Map<string, Responder>();

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
  on(event: string, handler: (...args: never[]) => void): () => void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler as Handler);
    this.handlers.set(event, set);
    return () => set.delete(handler as Handler);
  }
  answer(event: string, responder: Responder): void {
    this.responders.set(event, responder);
  }
  async request<T>(event: string, payload: unknown): Promise<Ack<T>> {
    if (!this.connected) throw new Error("not connected");
    this.sent.push({ event, payload });
    const responder = this.responders.get(event);
    const answer = responder ? await responder(payload) : ({ ok: true } as Ack<T>);
    if (answer === "drop") throw new Error("timeout");
    return answer as Ack<T>;
  }
  emit(event: string, payload: unknown): void {
    if (this.connected) this.sent.push({ event, payload });
  }
  fire(event: string, ...args: unknown[]): void {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
  emitted(event: string): any[] {
    return this.sent.filter((s) => s.event === event).map((s) => s.payload);
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
