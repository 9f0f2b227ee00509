// The chat as this client holds it: conversations, messages, presence, typing, receipts and the
// outbox, kept current from REST answers and socket events. No React here: the views read
// `getState()` through `subscribe` (useSyncExternalStore), and the tests drive it with fakes.

import type {
  Ack,
  AckError,
  Attachment,
  Conversation,
  ConversationSummary,
  FlashGroupExpiredEvent,
  Job,
  MemberEvent,
  Message,
  MessageDeletedEvent,
  PositionEvent,
  Status,
  StatusEvent,
  TypingEvent,
  User,
} from "../api/types";
import type { RestApi } from "../api/rest";
import { mergeList, summaryOf, withMessage } from "./conversations";
import {
  EXPIRED_LINGER_MS,
  EXPIRED_TEXT,
  dueByCountdown,
  dueForRemoval,
  forgetExpired,
  goneFromList,
  markExpired,
  type ExpiredMap,
  type ExpiryReason,
} from "./flash";
import { Outbox, newClientMsgId, type Outgoing } from "./outbox";
import { Uploader, type UploadTask } from "./uploads";
import { advancePosition, positionsFromMembers, type Positions } from "./receipts";
import { catchUp, leavesGap, type SyncPage } from "./sync";
import { applyDeletion, emptyThread, highestSeq, lowestSeq, mergeMessages, type Thread } from "./timeline";
import type { Transport } from "./transport";

export type ChatApi = Pick<
  RestApi,
  "conversations" | "history" | "user" | "editMessage" | "deleteMessage" | "upload" | "job"
>;

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

type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export interface ChatClientDeps {
  me: User;
  api: ChatApi;
  transport: Transport;
  storage?: KeyValueStorage;
  /** A fresh access token (refreshing the session); rejects when the login is over. */
  refreshToken?: () => Promise<string>;
  /** The login ended (revoked, expired): the app shows the sign-in screen. */
  onSessionEnded?: () => void;
  /** Whether the page is being looked at (read receipts are only sent then). */
  visible?: boolean;
  /** The local clock (tests). */
  now?: () => number;
  /** The server's clock as estimated here (flash-group countdowns); default: the local one. */
  serverNow?: () => number;
  /** How long an expired flash group stays in the list, greyed out. */
  expiredLingerMs?: number;
}

export const PAGE_SIZE = 50;
const SYNC_PAGE = 100;
const TYPING_SEND_EVERY_MS = 2000;
const TYPING_IDLE_MS = 3000;
const TYPING_SHOWN_MS = 6000;
const REQUEST_TIMEOUT_MS = 10_000;
const FLASH_CHECK_MS = 1000;

export class ChatClient {
  private state: ChatState;
  private readonly listeners = new Set<() => void>();
  private readonly unbind: (() => void)[] = [];
  private readonly outbox: Outbox;
  private readonly readSent: Record<string, number> = {};
  private readonly deliveredSent: Record<string, number> = {};
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly ownTyping = new Map<string, { sentAt: number; idle: ReturnType<typeof setTimeout> }>();
  private readonly userRequests = new Map<string, Promise<void>>();
  private readonly syncing = new Map<string, Promise<void>>();
  private visible: boolean;
  private everConnected = false;
  private refusedHandshakes = 0;
  private stopped = false;
  private listTimer: ReturnType<typeof setTimeout> | null = null;
  private positionsTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshingList: Promise<void> | null = null;
  private flashTimer: ReturnType<typeof setInterval> | null = null;
  private readonly uploader: Uploader;
  private readonly now: () => number;
  private readonly serverNow: () => number;

  constructor(private readonly deps: ChatClientDeps) {
    const me = deps.me;
    this.visible = deps.visible ?? true;
    this.now = deps.now ?? Date.now;
    this.serverNow = deps.serverNow ?? this.now;
    this.state = {
      me,
      connection: "connecting",
      listLoaded: false,
      conversations: {},
      threads: {},
      users: { [me.id]: me },
      typing: {},
      positions: this.load<Positions>("positions") ?? {},
      outbox: [],
      activeId: null,
      notice: null,
      expired: {},
      uploads: [],
    };
    this.outbox = new Outbox(
      {
        send: (item) =>
          deps.transport.request<{ message: Message }>(
            "sendMessage",
            {
              conversationId: item.conversationId,
              // May be empty with an attachment: then it is left out.
              ...(item.content || !item.attachmentIds?.length ? { content: item.content } : {}),
              clientMsgId: item.clientMsgId,
              ...(item.replyToId ? { replyToId: item.replyToId } : {}),
              ...(item.attachmentIds?.length ? { attachmentIds: item.attachmentIds } : {}),
            },
            REQUEST_TIMEOUT_MS,
          ),
        canSend: () => !this.stopped && this.deps.transport.connected,
        onStored: (_item, message) => this.accept(message.conversationId, [message], false),
        onChange: (items) => {
          this.set({ outbox: items });
          this.save("outbox", items);
        },
        onRefused: (item, error) => this.onRefused(item, error),
      },
      this.load<Outgoing[]>("outbox") ?? [],
    );
    this.state.outbox = this.outbox.list();
    this.uploader = new Uploader({
      upload: (file, name, onProgress) => deps.api.upload(file, name, onProgress),
      job: (id) => deps.api.job(id),
      onReady: (task, attachment) => this.sendAttachments(task.conversationId, task.caption, [attachment]),
      onChange: (uploads) => this.set({ uploads }),
    });
  }

  // ---- store protocol -------------------------------------------------------------------------

  getState = (): ChatState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  /** Loads the list and connects the socket. */
  start(): void {
    this.stopped = false;
    const t = this.deps.transport;
    const bind = <T>(event: string, handler: (payload: T) => void) =>
      this.unbind.push(t.on(event, handler as (...args: never[]) => void));
    bind("connect", () => void this.onConnect());
    bind<string>("disconnect", (reason) => this.onDisconnect(reason));
    bind<Error>("connect_error", (error) => void this.onConnectError(error));
    bind<Message>("receiveMessage", (m) => this.onReceive(m));
    bind<Message>("messageUpdated", (m) => this.accept(m.conversationId, [m], false));
    bind<MessageDeletedEvent>("messageDeleted", (e) => this.onDeleted(e));
    bind<PositionEvent>("messagesRead", (e) => this.onPosition(e, "read"));
    bind<PositionEvent>("messagesDelivered", (e) => this.onPosition(e, "delivered"));
    bind<TypingEvent>("userTyping", (e) => this.onTyping(e));
    bind<StatusEvent>("userStatus", (e) => this.onStatus(e));
    bind<Conversation>("conversationCreated", (c) => this.upsertConversation(c));
    bind<Conversation>("conversationUpdated", (c) => this.upsertConversation(c));
    bind<{ conversationId: string }>("conversationDeleted", (e) => this.removeConversation(e.conversationId));
    bind<MemberEvent>("memberAdded", (e) => this.onMemberAdded(e));
    bind<MemberEvent>("memberRemoved", (e) => this.onMemberRemoved(e));
    bind<FlashGroupExpiredEvent>("flashGroupExpired", (e) => this.expire(e.conversationId, "event"));
    bind<Job>("jobUpdated", (job) => this.uploader.onJob(job));
    void this.refreshList();
    // The countdown fallback, and taking expired flash groups off the list.
    this.flashTimer = setInterval(() => this.checkFlash(), FLASH_CHECK_MS);
    t.connect();
  }

  stop(): void {
    this.stopped = true;
    for (const off of this.unbind.splice(0)) off();
    for (const timer of this.typingTimers.values()) clearTimeout(timer);
    for (const own of this.ownTyping.values()) clearTimeout(own.idle);
    if (this.listTimer) clearTimeout(this.listTimer);
    if (this.flashTimer) clearInterval(this.flashTimer);
    this.flashTimer = null;
    this.uploader.clear();
    if (this.positionsTimer) {
      clearTimeout(this.positionsTimer);
      this.positionsTimer = null;
      this.save("positions", this.state.positions);
    }
    this.deps.transport.disconnect();
  }

  /**
   * A refreshed access token: the live socket is shown it (`refreshAuth`, or the server closes the
   * socket when the old token expires), the socket's next handshake uses it
   * (`socket.auth = { token }`), and a socket that is down for want of a valid token connects with
   * it now.
   */
  setToken(token: string): void {
    this.deps.transport.setToken(token);
    if (!this.stopped && this.deps.transport.connected) {
      // Should it fail, the server closes the socket at expiry and the client signs in again.
      this.deps.transport.request("refreshAuth", { token }).catch(() => undefined);
    }
    if (!this.stopped && !this.deps.transport.connected && this.state.connection === "connecting") {
      this.deps.transport.connect();
    }
  }

  /** Forgets what this login saved on the device (logout). */
  forgetDevice(): void {
    this.outbox.clear();
    this.uploader.clear();
    this.deps.storage?.removeItem(this.key("outbox"));
    this.deps.storage?.removeItem(this.key("positions"));
  }

  /** The browser's network went away or came back (`offline` / `online` events). */
  setNetwork(online: boolean): void {
    if (this.stopped) return;
    if (online) {
      this.set({ connection: "connecting" });
      this.deps.transport.connect();
    } else {
      this.deps.transport.disconnect();
      this.set({ connection: "offline", typing: {} });
    }
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.state.activeId) this.markRead(this.state.activeId);
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  private async onConnect(): Promise<void> {
    const reconnect = this.everConnected;
    this.everConnected = true;
    this.refusedHandshakes = 0;
    this.set({ connection: "online" });
    void this.outbox.flush();
    // Job events sent while we were away are lost: ask about the files still being processed.
    this.uploader.pollNow();
    await Promise.all([this.refreshList(), this.resyncAll()]);
    if (this.stopped) return;
    if (this.state.activeId) this.markRead(this.state.activeId);
    this.markAllDelivered();
    if (reconnect) this.refreshPresence();
  }

  private onDisconnect(reason: string): void {
    if (this.stopped) return;
    const byUs = reason === "io client disconnect";
    this.set({ connection: byUs ? "offline" : "connecting", typing: {} });
    if (reason === "io server disconnect") {
      // The server closed it: the login was revoked (logout elsewhere, a replayed refresh token)
      // or it restarts. A refresh tells which.
      void this.reauthenticate();
    }
  }

  private async onConnectError(error: Error): Promise<void> {
    if (this.stopped) return;
    this.set({ connection: "connecting" });
    if (error.message === "unauthorized") await this.reauthenticate();
  }

  private async reauthenticate(): Promise<void> {
    const refresh = this.deps.refreshToken;
    if (!refresh || ++this.refusedHandshakes > 3) {
      this.deps.onSessionEnded?.();
      return;
    }
    try {
      const token = await refresh();
      if (this.stopped) return;
      this.deps.transport.setToken(token);
      this.deps.transport.connect();
    } catch (e) {
      if ((e as Error).name === "SessionExpired") this.deps.onSessionEnded?.();
      else setTimeout(() => void this.reauthenticate(), 5000);
    }
  }

  // ---- conversations --------------------------------------------------------------------------

  /** Reloads the conversation list (once at a time); live events merge into it. */
  refreshList(): Promise<void> {
    if (!this.refreshingList) {
      this.refreshingList = (async () => {
        try {
          const heldBefore = this.state.conversations;
          const fresh = await this.deps.api.conversations();
          if (this.stopped) return;
          // Flash groups the server no longer lists have expired (a group that arrived while the
          // list was on its way may simply be newer than it).
          for (const id of goneFromList(heldBefore, fresh, this.state.expired)) this.expire(id, "gone_from_list");
          const conversations = mergeList(this.state.conversations, fresh);
          for (const [id, held] of Object.entries(this.state.conversations)) {
            // Kept: expired ones for their moment on the list, and those newer than the answer.
            if (!conversations[id] && (this.state.expired[id] || !heldBefore[id])) conversations[id] = held;
          }
          let positions = this.state.positions;
          for (const c of fresh) positions = positionsFromMembers(positions, c.id, c.members);
          const threads = Object.fromEntries(Object.entries(this.state.threads).filter(([id]) => conversations[id]));
          const activeId = this.state.activeId && conversations[this.state.activeId] ? this.state.activeId : null;
          this.set({ conversations, positions, threads, activeId, listLoaded: true });
          this.ensureUsers(fresh.flatMap((c) => c.members.map((m) => m.userId)));
        } catch (e) {
          if (!this.stopped) this.set({ notice: `Could not load conversations: ${(e as Error).message}` });
        } finally {
          this.refreshingList = null;
        }
      })();
    }
    return this.refreshingList;
  }

  private refreshListSoon(): void {
    if (this.listTimer) return;
    this.listTimer = setTimeout(() => {
      this.listTimer = null;
      void this.refreshList();
    }, 300);
  }

  /** A conversation created or changed (an answer of ours, or `conversationCreated`/`Updated`). */
  upsertConversation(c: Conversation): void {
    if (this.state.expired[c.id]) return;
    if (!c.members.some((m) => m.userId === this.state.me.id)) {
      this.removeConversation(c.id);
      return;
    }
    const held = this.state.conversations[c.id];
    this.set({
      conversations: { ...this.state.conversations, [c.id]: summaryOf(c, held) },
      positions: positionsFromMembers(this.state.positions, c.id, c.members),
    });
    this.ensureUsers(c.members.map((m) => m.userId));
  }

  removeConversation(id: string): void {
    const expired = forgetExpired(this.state.expired, [id]);
    if (expired !== this.state.expired) {
      // What was queued for an expired flash group can never be sent, and has nowhere to show.
      this.outbox.dropConversation(id);
      this.uploader.dropConversation(id);
    }
    if (!this.state.conversations[id] && !this.state.threads[id]) {
      if (expired !== this.state.expired) this.set({ expired });
      return;
    }
    const { [id]: _gone, ...conversations } = this.state.conversations;
    const { [id]: _thread, ...threads } = this.state.threads;
    this.set({ conversations, threads, expired, activeId: this.state.activeId === id ? null : this.state.activeId });
  }

  // ---- flash groups ---------------------------------------------------------------------------

  /**
   * A flash group expired (the server's event, a 404, the countdown): it is shown greyed out and
   * closed, what was queued for it fails, and it leaves the list a moment later.
   */
  private expire(id: string, reason: ExpiryReason): void {
    const c = this.state.conversations[id];
    if (this.stopped || !c || c.kind !== "flash") return;
    const expired = markExpired(this.state.expired, id, this.now(), reason);
    if (expired === this.state.expired) return;
    const { [id]: _typing, ...typing } = this.state.typing;
    this.set({ expired, typing });
    this.stopTyping(id);
    this.outbox.failConversation(id, EXPIRED_TEXT);
    this.uploader.failConversation(id, EXPIRED_TEXT);
  }

  /**
   * Runs every second: expires the flash groups whose countdown passed (when the server's event did
   * not come) and takes expired ones off the list after a moment, except the one open on screen.
   */
  checkFlash(): void {
    if (this.stopped) return;
    for (const id of dueByCountdown(Object.values(this.state.conversations), this.state.expired, this.serverNow())) {
      this.expire(id, "countdown");
    }
    const linger = this.deps.expiredLingerMs ?? EXPIRED_LINGER_MS;
    for (const id of dueForRemoval(this.state.expired, this.state.activeId, this.now(), linger)) this.removeConversation(id);
  }

  /** A 404 on a read: for a flash group, it expired. Answers whether that was the case. */
  private expiredByNotFound(id: string, error: unknown): boolean {
    const status = (error as { status?: number; code?: string }).status;
    const code = (error as { code?: string }).code;
    if ((status === 404 || code === "not_found") && this.state.conversations[id]?.kind === "flash") {
      this.expire(id, "not_found");
      return true;
    }
    return false;
  }

  private onRefused(item: Outgoing, error: AckError): void {
    if (error.code !== "not_found") return;
    const c = this.state.conversations[item.conversationId];
    if (c?.kind === "flash") this.expire(item.conversationId, "not_found");
    // A conversation gone while this waited (reload after it was deleted): nowhere to show it.
    else if (!c && this.state.listLoaded) this.outbox.remove(item.clientMsgId);
  }

  private onMemberAdded(e: MemberEvent): void {
    const c = this.state.conversations[e.conversationId];
    if (!c || c.members.some((m) => m.userId === e.userId)) return;
    this.patchConversation(e.conversationId, { members: [...c.members, { userId: e.userId, role: "member" }] });
    this.ensureUsers([e.userId]);
  }

  private onMemberRemoved(e: MemberEvent): void {
    if (e.userId === this.state.me.id) {
      this.removeConversation(e.conversationId);
      return;
    }
    const c = this.state.conversations[e.conversationId];
    if (c) this.patchConversation(e.conversationId, { members: c.members.filter((m) => m.userId !== e.userId) });
  }

  private patchConversation(id: string, patch: Partial<ConversationSummary>): void {
    const c = this.state.conversations[id];
    if (!c) return;
    this.set({ conversations: { ...this.state.conversations, [id]: { ...c, ...patch } } });
  }

  // ---- users and presence ---------------------------------------------------------------------

  /** Fetches the profiles not held yet (names, avatars, presence). */
  ensureUsers(ids: readonly string[]): void {
    for (const id of new Set(ids)) {
      if (this.state.users[id] || this.userRequests.has(id)) continue;
      this.userRequests.set(id, this.fetchUser(id));
    }
  }

  private async fetchUser(id: string): Promise<void> {
    try {
      const user = await this.deps.api.user(id);
      if (!this.stopped) this.rememberUser(user);
    } catch (err) {
      // An account that no longer exists (deleted) keeps its messages under a placeholder, and is
      // not asked for again; anything else shows "Someone" until the next attempt.
      if ((err as { status?: unknown }).status === 404 && !this.stopped) this.rememberUser(deletedUser(id));
    } finally {
      this.userRequests.delete(id);
    }
  }

  /** A profile from an answer (search, profile edit): kept for names and presence. */
  rememberUser(user: User): void {
    const me = user.id === this.state.me.id ? { ...this.state.me, ...user } : this.state.me;
    this.set({ users: { ...this.state.users, [user.id]: { ...this.state.users[user.id], ...user } }, me });
  }

  private refreshPresence(): void {
    for (const id of Object.keys(this.state.users)) {
      if (id !== this.state.me.id && !this.userRequests.has(id)) this.userRequests.set(id, this.fetchUser(id));
    }
  }

  private onStatus(e: StatusEvent): void {
    const held = this.state.users[e.userId];
    if (!held) return;
    const user = { ...held, status: e.status, lastSeen: e.lastSeen ?? held.lastSeen };
    this.set({
      users: { ...this.state.users, [e.userId]: user },
      me: e.userId === this.state.me.id ? { ...this.state.me, status: e.status } : this.state.me,
    });
  }

  /** Sets one's own presence; answers the error text or null. */
  async setStatus(status: Exclude<Status, "offline">): Promise<string | null> {
    try {
      const ack = await this.deps.transport.request<{ status: Status }>("setStatus", { status }, REQUEST_TIMEOUT_MS);
      if (!ack.ok) return ack.error.message;
      this.onStatus({ userId: this.state.me.id, status: ack.status });
      return null;
    } catch {
      return "You are offline.";
    }
  }

  // ---- messages -------------------------------------------------------------------------------

  /** Opens a conversation (null: none): loads its newest page once and marks it read. */
  open(id: string | null): void {
    if (this.state.activeId !== id) {
      this.set({ activeId: id });
      // An expired flash group that was open leaves the list once left, if its moment has passed.
      this.checkFlash();
    }
    if (!id) return;
    if (!this.state.threads[id]) void this.loadNewest(id);
    else this.markRead(id);
  }

  private async loadNewest(id: string): Promise<void> {
    // The thread exists from now on, so live messages arriving during the request are kept.
    this.setThread(id, { ...emptyThread });
    try {
      const page = await this.deps.api.history(id, { limit: PAGE_SIZE });
      const thread = this.state.threads[id];
      if (this.stopped || !thread) return;
      // Messages that arrived live while the page was on its way stay; so do older ones if any.
      const loaded = { ...thread, loaded: true, hasMoreBefore: thread.loaded ? thread.hasMoreBefore : page.hasMore };
      this.setThread(id, loaded);
      this.accept(id, page.items, false);
      this.markRead(id);
    } catch (e) {
      if (this.expiredByNotFound(id, e)) {
        const thread = this.state.threads[id];
        if (thread) this.setThread(id, { ...thread, loaded: true });
        return;
      }
      const { [id]: _failed, ...threads } = this.state.threads;
      this.set({ threads, notice: `Could not load messages: ${(e as Error).message}` });
    }
  }

  /** Loads the page before the oldest message held (scrolling up). */
  async loadOlder(id: string): Promise<void> {
    const thread = this.state.threads[id];
    if (!thread || !thread.loaded || !thread.hasMoreBefore || thread.loadingOlder) return;
    this.setThread(id, { ...thread, loadingOlder: true });
    try {
      const page = await this.deps.api.history(id, { beforeSeq: lowestSeq(thread.messages), limit: PAGE_SIZE });
      const now = this.state.threads[id];
      if (!now) return;
      this.setThread(id, {
        ...now,
        messages: mergeMessages(now.messages, page.items),
        hasMoreBefore: page.hasMore,
        loadingOlder: false,
      });
    } catch (e) {
      const now = this.state.threads[id];
      if (this.expiredByNotFound(id, e)) {
        if (now) this.setThread(id, { ...now, loadingOlder: false, hasMoreBefore: false });
        return;
      }
      if (now) this.setThread(id, { ...now, loadingOlder: false });
      this.set({ notice: `Could not load older messages: ${(e as Error).message}` });
    }
  }

  private setThread(id: string, thread: Thread): void {
    this.set({ threads: { ...this.state.threads, [id]: thread } });
  }

  /** Catches up every conversation held open, after a (re)connect. */
  private async resyncAll(): Promise<void> {
    await Promise.all(
      Object.entries(this.state.threads)
        .filter(([id, t]) => t.loaded && !this.state.expired[id])
        .map(([id]) => this.resync(id)),
    );
  }

  /** Asks `syncConversation` for everything after `fromSeq` (default: the highest held), while `hasMore`. */
  resync(id: string, fromSeq?: number): Promise<void> {
    const running = this.syncing.get(id);
    if (running) return running;
    const run = (async () => {
      const thread = this.state.threads[id];
      if (!thread) return;
      try {
        const missed = await catchUp(fromSeq ?? highestSeq(thread.messages), async (afterSeq) => {
          const ack = await this.deps.transport.request<SyncPage>(
            "syncConversation",
            { conversationId: id, afterSeq, limit: SYNC_PAGE },
            REQUEST_TIMEOUT_MS,
          );
          if (!ack.ok) throw Object.assign(new Error(ack.error.message), { code: ack.error.code });
          return { messages: ack.messages, hasMore: ack.hasMore };
        });
        this.accept(id, missed, false);
      } catch (e) {
        if (this.expiredByNotFound(id, e)) return;
        if ((e as { code?: string }).code === "not_found") this.removeConversation(id);
        // Otherwise the connection dropped again: the next connect resyncs.
      }
    })().finally(() => this.syncing.delete(id));
    this.syncing.set(id, run);
    return run;
  }

  private onReceive(m: Message): void {
    if (m.senderId === this.state.me.id && m.clientMsgId) this.outbox.remove(m.clientMsgId);
    this.accept(m.conversationId, [m], true);
  }

  /**
   * Takes stored messages of one conversation from anywhere (event, ack, sync, history) into the
   * thread and the list entry. Duplicates merge away; a hole before a live message is filled.
   */
  /** A message whose file links stopped loading (they expire): fetch it again, with fresh links. */
  async refreshLinks(m: Message): Promise<void> {
    try {
      const page = await this.deps.api.history(m.conversationId, { beforeSeq: m.seq + 1, limit: 1 });
      const fresh = page.items.find((x) => x.id === m.id);
      if (fresh) this.accept(m.conversationId, [fresh], false);
    } catch {
      // Offline or refused: the image stays broken until the next resync.
    }
  }

  private accept(conversationId: string, messages: readonly Message[], live: boolean): void {
    if (messages.length === 0 || this.stopped) return;
    const me = this.state.me.id;
    const thread = this.state.threads[conversationId];
    const gap = live && thread?.loaded && messages.some((m) => leavesGap(thread.messages, m));
    const heldTop = thread ? highestSeq(thread.messages) : 0;
    const reading = this.isReading(conversationId);

    let summary = this.state.conversations[conversationId];
    if (summary) for (const m of messages) summary = withMessage(summary, m, me, reading);
    else this.refreshListSoon(); // a conversation we have not heard of yet

    let typing = this.state.typing;
    const senders = new Set(messages.filter((m) => m.senderId !== me).map((m) => m.senderId));
    if (live && typing[conversationId]?.some((u) => senders.has(u))) {
      typing = { ...typing, [conversationId]: typing[conversationId]!.filter((u) => !senders.has(u)) };
    }

    this.set({
      threads: thread
        ? { ...this.state.threads, [conversationId]: { ...thread, messages: mergeMessages(thread.messages, messages) } }
        : this.state.threads,
      conversations: summary ? { ...this.state.conversations, [conversationId]: summary } : this.state.conversations,
      typing,
    });

    if (gap) void this.resync(conversationId, heldTop);
    const newestFromOthers = Math.max(0, ...messages.filter((m) => m.senderId !== me).map((m) => m.seq));
    if (newestFromOthers > 0) this.markDelivered(conversationId, newestFromOthers);
    if (reading) this.markRead(conversationId);
  }

  private onDeleted(e: MessageDeletedEvent): void {
    const thread = this.state.threads[e.conversationId];
    const summary = this.state.conversations[e.conversationId];
    let conversations = this.state.conversations;
    let threads = this.state.threads;
    if (thread) {
      threads = { ...threads, [e.conversationId]: { ...thread, messages: applyDeletion(thread.messages, e.messageId, e.scope) } };
    }
    if (summary?.lastMessage?.id === e.messageId) {
      const held = threads[e.conversationId]?.messages;
      const lastMessage =
        e.scope === "everyone"
          ? { ...summary.lastMessage, deleted: true, content: "", attachments: [] }
          : (held?.[held.length - 1] ?? null);
      conversations = { ...conversations, [e.conversationId]: { ...summary, lastMessage } };
      if (e.scope === "me" && !held) this.refreshListSoon();
    }
    this.set({ threads, conversations });
  }

  /** Queues a message; it shows as pending until the server acknowledges it. */
  send(conversationId: string, content: string, replyToId?: string | null): Outgoing | null {
    const text = content.trim();
    if (!text || this.state.expired[conversationId]) return null;
    this.stopTyping(conversationId);
    return this.outbox.add({
      clientMsgId: newClientMsgId(),
      conversationId,
      content: text,
      replyToId: replyToId ?? null,
      createdAt: new Date().toISOString(),
    });
  }

  /** Queues a message carrying uploads whose jobs completed (`content` may be empty). */
  private sendAttachments(conversationId: string, content: string, attachments: Attachment[]): Outgoing | null {
    if (this.state.expired[conversationId] || attachments.length === 0) return null;
    return this.outbox.add({
      clientMsgId: newClientMsgId(),
      conversationId,
      content: content.trim(),
      attachmentIds: attachments.map((a) => a.id),
      attachments,
      createdAt: new Date(this.now()).toISOString(),
    });
  }

  /**
   * Sends a file: uploads it (with progress), waits until the server has processed it, then sends
   * it as a message. It shows in `uploads` until then.
   */
  sendFile(conversationId: string, file: Blob, fileName: string, caption = ""): UploadTask | null {
    if (this.state.expired[conversationId]) return null;
    return this.uploader.add(conversationId, file, fileName, caption);
  }

  cancelUpload(localId: string): void {
    this.uploader.cancel(localId);
  }

  retryUpload(localId: string): void {
    this.uploader.retry(localId);
  }

  retrySend(clientMsgId: string): void {
    const item = this.state.outbox.find((o) => o.clientMsgId === clientMsgId);
    if (item && this.state.expired[item.conversationId]) return;
    this.outbox.retry(clientMsgId);
  }

  discard(clientMsgId: string): void {
    this.outbox.remove(clientMsgId);
  }

  async editMessage(message: Message, content: string): Promise<void> {
    const edited = await this.deps.api.editMessage(message.id, content.trim());
    this.accept(edited.conversationId, [edited], false);
  }

  async deleteMessage(message: Message, scope: "me" | "everyone"): Promise<void> {
    await this.deps.api.deleteMessage(message.id, scope);
    this.onDeleted({ conversationId: message.conversationId, messageId: message.id, scope });
  }

  // ---- receipts -------------------------------------------------------------------------------

  private isReading(conversationId: string): boolean {
    return this.visible && this.state.activeId === conversationId && !!this.state.threads[conversationId]?.loaded;
  }

  /** Marks everything held in the open conversation as read (when someone is looking at it). */
  private markRead(id: string): void {
    const thread = this.state.threads[id];
    const summary = this.state.conversations[id];
    if (!thread?.loaded || !this.isReading(id) || this.state.expired[id]) return;
    const seq = highestSeq(thread.messages);
    if (summary && summary.unreadCount !== 0) this.patchConversation(id, { unreadCount: 0, readSeq: Math.max(summary.readSeq, seq) });
    if (seq <= Math.max(this.readSent[id] ?? 0, summary?.readSeq ?? 0) || !this.deps.transport.connected) return;
    this.readSent[id] = seq;
    this.deps.transport.request("markAsRead", { conversationId: id, seq }, REQUEST_TIMEOUT_MS).then(
      (ack) => {
        if (!ack.ok && this.readSent[id] === seq) delete this.readSent[id];
      },
      () => {
        if (this.readSent[id] === seq) delete this.readSent[id];
      },
    );
  }

  private markDelivered(id: string, seq: number): void {
    if (seq <= (this.deliveredSent[id] ?? 0) || !this.deps.transport.connected || this.state.expired[id]) return;
    const before = this.deliveredSent[id];
    this.deliveredSent[id] = seq;
    const undo = () => {
      if (this.deliveredSent[id] === seq) this.deliveredSent[id] = before ?? 0;
    };
    this.deps.transport
      .request<{ seq: number }>("markAsDelivered", { conversationId: id, seq }, REQUEST_TIMEOUT_MS)
      .then((ack: Ack<{ seq: number }>) => (ack.ok ? undefined : undo()), undo);
  }

  /** After connecting: what arrived while away is now delivered (the most recent conversations). */
  private markAllDelivered(): void {
    Object.values(this.state.conversations)
      .filter((c) => c.unreadCount > 0 && c.lastMessage && c.lastMessage.senderId !== this.state.me.id)
      .sort((a, b) => b.lastSeq - a.lastSeq)
      .slice(0, 20)
      .forEach((c) => this.markDelivered(c.id, c.lastSeq));
  }

  private onPosition(e: PositionEvent, kind: "read" | "delivered"): void {
    const positions = advancePosition(this.state.positions, e.conversationId, e.userId, kind, e.seq);
    if (positions !== this.state.positions) {
      this.set({ positions });
      this.savePositionsSoon();
    }
    if (kind === "read" && e.userId === this.state.me.id) {
      // Read in another tab or device.
      const c = this.state.conversations[e.conversationId];
      if (c && e.seq > c.readSeq) {
        this.patchConversation(e.conversationId, { readSeq: e.seq, unreadCount: e.seq >= c.lastSeq ? 0 : c.unreadCount });
      }
    }
  }

  private savePositionsSoon(): void {
    if (this.positionsTimer) return;
    this.positionsTimer = setTimeout(() => {
      this.positionsTimer = null;
      this.save("positions", this.state.positions);
    }, 200);
  }

  // ---- typing ---------------------------------------------------------------------------------

  private onTyping(e: TypingEvent): void {
    if (e.userId === this.state.me.id || (e.isTyping && this.state.expired[e.conversationId])) return;
    const key = `${e.conversationId}/${e.userId}`;
    const old = this.typingTimers.get(key);
    if (old) clearTimeout(old);
    this.typingTimers.delete(key);
    const current = this.state.typing[e.conversationId] ?? [];
    const others = current.filter((u) => u !== e.userId);
    const next = e.isTyping ? [...others, e.userId] : others;
    if (e.isTyping) {
      // The server ends a typing state after 5 s without refresh; so do we, in case its "false" is lost.
      this.typingTimers.set(
        key,
        setTimeout(() => this.onTyping({ conversationId: e.conversationId, userId: e.userId, isTyping: false }), TYPING_SHOWN_MS),
      );
    }
    if (next.length === current.length && next.every((u, i) => u === current[i])) return;
    this.set({ typing: { ...this.state.typing, [e.conversationId]: next } });
  }

  /** Call on every keystroke in the composer: tells the others, at most every 2 s. */
  typing(conversationId: string): void {
    if (!this.deps.transport.connected || this.state.expired[conversationId]) return;
    const now = Date.now();
    const own = this.ownTyping.get(conversationId);
    if (own) clearTimeout(own.idle);
    const idle = setTimeout(() => this.stopTyping(conversationId), TYPING_IDLE_MS);
    if (!own || now - own.sentAt >= TYPING_SEND_EVERY_MS) {
      this.deps.transport.emit("userTyping", { conversationId, isTyping: true });
      this.ownTyping.set(conversationId, { sentAt: now, idle });
    } else {
      this.ownTyping.set(conversationId, { sentAt: own.sentAt, idle });
    }
  }

  stopTyping(conversationId: string): void {
    const own = this.ownTyping.get(conversationId);
    if (!own) return;
    clearTimeout(own.idle);
    this.ownTyping.delete(conversationId);
    this.deps.transport.emit("userTyping", { conversationId, isTyping: false });
  }

  // ---- device storage -------------------------------------------------------------------------

  private key(name: string): string {
    return `chat.${name}.${this.state?.me.id ?? this.deps.me.id}`;
  }

  private load<T>(name: string): T | null {
    try {
      const raw = this.deps.storage?.getItem(this.key(name));
      return raw ? (JSON.parse(raw) as T) : null;
    } catch {
      return null;
    }
  }

  private save(name: string, value: unknown): void {
    try {
      this.deps.storage?.setItem(this.key(name), JSON.stringify(value));
    } catch {
      // Storage full or disabled: the state lives on in memory.
    }
  }
}

/** Who a message is from once its sender's account is deleted. */
export function deletedUser(id: string): User {
  return { id, username: "deleted", displayName: "Deleted user", createdAt: new Date(0).toISOString() };
}
