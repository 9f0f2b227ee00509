// The chat state as one immutable snapshot, which the views read through `subscribe`
// (useSyncExternalStore), and what of it this login keeps on the device. The modules of the chat
// client (list, threads, receipts, typing, expiry, sending…) each change their slice through one
// shared `Store`; the client composes them.

import type { ConversationSummary, User } from "../api/types";
import type { ExpiredMap } from "./flash";
import type { Outgoing } from "./outbox";
import type { Positions } from "./receipts";
import type { Thread } from "./timeline";
import type { UploadTask } from "./uploads";

export type Connection = "connecting" | "online" | "offline";

export interface ChatState {
  me: User;
  connection: Connection;
  /** The conversation list has arrived once. */
  listLoaded: boolean;
  conversations: Record<string, ConversationSummary>;
  threads: Record<string, Thread>;
  users: Record<string, User>;
  /** conversationId → ids of the members typing now. */
  typing: Record<string, string[]>;
  positions: Positions;
  outbox: readonly Outgoing[];
  activeId: string | null;
  /** A problem to show (cleared by `dismissNotice`). */
  notice: string | null;
  /** Flash groups known to be expired (shown greyed out and closed until they leave the list). */
  expired: ExpiredMap;
  /** Files being uploaded or processed before their message is sent. */
  uploads: readonly UploadTask[];
}

/** The state before anything arrived: only who is signed in. */
export function initialState(me: User, positions: Positions = {}): ChatState {
  return {
    me,
    connection: "connecting",
    listLoaded: false,
    conversations: {},
    threads: {},
    users: { [me.id]: me },
    typing: {},
    positions,
    outbox: [],
    activeId: null,
    notice: null,
    expired: {},
    uploads: [],
  };
}

/** Holds the snapshot: every `set` replaces it (never mutates it) and tells the listeners. */
export class Store {
  private state: ChatState;
  private readonly listeners = new Set<() => void>();
  private batching = 0;
  private changed = false;

  constructor(initial: ChatState) {
    this.state = initial;
  }

  getState = (): ChatState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    if (this.batching > 0) this.changed = true;
    else this.notify();
  }

  /** Runs `change`, telling the listeners once at the end (one redraw for several slices). */
  batch(change: () => void): void {
    this.batching++;
    try {
      change();
    } finally {
      if (--this.batching === 0 && this.changed) {
        this.changed = false;
        this.notify();
      }
    }
  }

  /** Changes one entry of the conversation list (none held: nothing). */
  patchConversation(id: string, patch: Partial<ConversationSummary>): void {
    const c = this.state.conversations[id];
    if (!c) return;
    this.set({ conversations: { ...this.state.conversations, [id]: { ...c, ...patch } } });
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}

export type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** What one login keeps on the device (the outbox, the receipt positions), under keys of its own. */
export class DeviceStorage {
  constructor(
    private readonly storage: KeyValueStorage | undefined,
    private readonly userId: string,
  ) {}

  load<T>(name: string): T | null {
    try {
      const raw = this.storage?.getItem(this.key(name));
      return raw ? (JSON.parse(raw) as T) : null;
    } catch {
      return null;
    }
  }

  save(name: string, value: unknown): void {
    try {
      this.storage?.setItem(this.key(name), JSON.stringify(value));
    } catch {
      // Storage full or disabled: the state lives on in memory.
    }
  }

  remove(name: string): void {
    this.storage?.removeItem(this.key(name));
  }

  private key(name: string): string {
    return `chat.${name}.${this.userId}`;
  }
}
