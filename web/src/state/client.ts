// The chat as this client holds it: conversations, messages, presence, typing, receipts and the
// outbox, kept current from REST answers and socket events. No React here: the views read
// `getState()` through `subscribe` (useSyncExternalStore), and the tests drive it with fakes.
//
// This is where the parts meet: each module owns a slice of the state and what changes it (the
// list, threads, receipts, typing, flash expiry, people, sending, groups); the client binds them
// to the socket's events, runs the connection's lifecycle and offers the views one object.

import type { Conversation, DeleteScope, Message, SettableStatus, User } from "../api/types";
import type { RestApi } from "../api/rest";
import { Connectivity } from "./connection";
import { ConversationList } from "./conversation-list";
import { FlashExpiry } from "./expiry";
import { EXPIRED_TEXT } from "./flash";
import { Groups, type GroupApi } from "./groups";
import type { Outgoing } from "./outbox";
import { People, type ProfileForm } from "./people";
import { adds } from "./reactions";
import { Receipts, type Positions } from "./receipts";
import { Sending } from "./sending";
import { DeviceStorage, Store, initialState, type ChatState, type KeyValueStorage } from "./store";
import { Threads } from "./threads";
import type { Handler, ListenEvent, Transport } from "./transport";
import { Typing } from "./typing";
import type { UploadTask } from "./uploads";

export type { ChatState, Connection } from "./store";
export { deletedUser } from "./people";
export { PAGE_SIZE } from "./threads";

export type ChatApi = Pick<
  RestApi,
  "conversations" | "history" | "user" | "updateMe" | "block" | "unblock" | "editMessage" | "deleteMessage" | "upload" | "job"
> &
  GroupApi;

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

export class ChatClient {
  /** Creating conversations and changing groups. */
  readonly groups: Groups;
  private readonly store: Store;
  private readonly device: DeviceStorage;
  private readonly receipts: Receipts;
  private readonly typists: Typing;
  private readonly expiry: FlashExpiry;
  private readonly people: People;
  private readonly list: ConversationList;
  private readonly threads: Threads;
  private readonly sending: Sending;
  private readonly connectivity: Connectivity;
  private readonly unbind: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly deps: ChatClientDeps) {
    const { api, transport } = deps;
    const now = deps.now ?? Date.now;
    const stopped = () => this.stopped;
    const device = (this.device = new DeviceStorage(deps.storage, deps.me.id));
    const store = (this.store = new Store(initialState(deps.me, device.load<Positions>("positions") ?? {})));
    const isExpired = (id: string) => !!store.getState().expired[id];

    this.receipts = new Receipts({ store, transport, visible: deps.visible, savePositions: (p) => device.save("positions", p) });
    this.typists = new Typing({ store, transport, isClosed: isExpired });
    this.expiry = new FlashExpiry({
      store,
      now,
      serverNow: deps.serverNow ?? now,
      lingerMs: deps.expiredLingerMs,
      onExpired: (id) => {
        this.typists.close(id);
        this.sending.failConversation(id, EXPIRED_TEXT);
      },
      remove: (id) => this.list.remove(id),
      stopped,
    });
    this.people = new People({ store, api, transport, stopped });
    this.list = new ConversationList({
      store,
      api,
      expire: (id, reason) => this.expiry.expire(id, reason),
      ensureUsers: (ids) => this.people.ensure(ids),
      dropQueued: (id) => this.sending.dropConversation(id),
      stopped,
    });
    this.threads = new Threads({
      store,
      api,
      transport,
      receipts: this.receipts,
      listStale: () => this.list.refreshSoon(),
      expiredByNotFound: (id, error) => this.expiry.expiredByNotFound(id, error),
      remove: (id) => this.list.remove(id),
      stopped,
    });
    this.sending = new Sending({
      store,
      api,
      transport,
      device,
      threads: this.threads,
      stopTyping: (id) => this.typists.stop(id),
      expire: (id, reason) => this.expiry.expire(id, reason),
      now,
      stopped,
    });
    store.set({ outbox: this.sending.queued() });
    this.connectivity = new Connectivity({
      store,
      transport,
      refreshToken: deps.refreshToken,
      onSessionEnded: deps.onSessionEnded,
      onConnected: (reconnect) => void this.onConnected(reconnect),
      stopped,
    });
    this.groups = new Groups({
      api,
      me: () => store.getState().me.id,
      upsert: (c) => this.list.upsert(c),
      remove: (id) => this.list.remove(id),
      rememberUser: (u) => this.people.remember(u),
    });
  }

  // ---- store protocol -------------------------------------------------------------------------

  getState = (): ChatState => this.store.getState();

  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  // ---- lifecycle ------------------------------------------------------------------------------

  /** Loads the list and connects the socket. */
  start(): void {
    this.stopped = false;
    const t = this.deps.transport;
    const bind = <E extends ListenEvent>(event: E, handler: Handler<E>) => this.unbind.push(t.on(event, handler));
    this.unbind.push(...this.connectivity.bind());
    bind("receiveMessage", (m) => this.sending.onReceive(m));
    bind("messageUpdated", (m) => this.threads.onUpdated(m));
    bind("reactionsUpdated", (e) => this.threads.onReactions(e));
    bind("messageDeleted", (e) => this.threads.onDeleted(e));
    bind("messagesRead", (e) => this.receipts.onPosition(e, "read"));
    bind("messagesDelivered", (e) => this.receipts.onPosition(e, "delivered"));
    bind("userTyping", (e) => this.typists.onEvent(e));
    bind("userStatus", (e) => this.people.onStatus(e));
    bind("conversationCreated", (c) => this.list.upsert(c));
    bind("conversationUpdated", (c) => this.list.upsert(c));
    bind("conversationDeleted", (e) => this.list.remove(e.conversationId));
    bind("memberAdded", (e) => this.list.onMemberAdded(e));
    bind("memberRemoved", (e) => this.list.onMemberRemoved(e));
    bind("flashGroupExpired", (e) => this.expiry.expire(e.conversationId, "event"));
    bind("jobUpdated", (job) => this.sending.onJob(job));
    void this.list.refresh();
    // The countdown fallback, and taking expired flash groups off the list.
    this.expiry.start();
    t.connect();
  }

  stop(): void {
    this.stopped = true;
    for (const off of this.unbind.splice(0)) off();
    this.typists.dispose();
    this.list.stop();
    this.expiry.stop();
    this.sending.stop();
    this.receipts.flush();
    this.deps.transport.disconnect();
  }

  /** A refreshed access token, for the live socket and the next handshake. */
  setToken(token: string): void {
    this.connectivity.setToken(token);
  }

  /** Forgets what this login saved on the device (logout). */
  forgetDevice(): void {
    this.sending.forget();
    this.device.remove("positions");
  }

  setNetwork(online: boolean): void {
    this.connectivity.setNetwork(online);
  }

  setVisible(visible: boolean): void {
    this.receipts.setVisible(visible);
    const { activeId } = this.store.getState();
    if (visible && activeId) this.receipts.markRead(activeId);
  }

  dismissNotice(): void {
    this.store.set({ notice: null });
  }

  /** Connected: sends what waits, catches up, and says what arrived and what was read meanwhile. */
  private async onConnected(reconnect: boolean): Promise<void> {
    this.sending.resume();
    await Promise.all([this.list.refresh(), this.threads.resyncAll()]);
    if (this.stopped) return;
    const { activeId } = this.store.getState();
    if (activeId) this.receipts.markRead(activeId);
    this.receipts.markAllDelivered();
    if (reconnect) this.people.refreshPresence();
  }

  // What follows hands the views' calls to the module that owns them (documented there).

  // ---- conversations --------------------------------------------------------------------------

  refreshList(): Promise<void> {
    return this.list.refresh();
  }

  upsertConversation(c: Conversation): void {
    this.list.upsert(c);
  }

  removeConversation(id: string): void {
    this.list.remove(id);
  }

  checkFlash(): void {
    this.expiry.check();
  }

  // ---- people ---------------------------------------------------------------------------------

  ensureUsers(ids: readonly string[]): void {
    this.people.ensure(ids);
  }

  rememberUser(user: User): void {
    this.people.remember(user);
  }

  setStatus(status: SettableStatus): Promise<string | null> {
    return this.people.setStatus(status);
  }

  updateProfile(form: ProfileForm): Promise<User> {
    return this.people.updateProfile(form);
  }

  block(userId: string): Promise<void> {
    return this.people.block(userId);
  }

  unblock(userId: string): Promise<void> {
    return this.people.unblock(userId);
  }

  // ---- messages -------------------------------------------------------------------------------

  /** Opens a conversation (null: none): loads its newest page once and marks it read. */
  open(id: string | null): void {
    if (this.store.getState().activeId !== id) {
      this.store.set({ activeId: id });
      // An expired flash group that was open leaves the list once left, if its moment has passed.
      this.expiry.check();
    }
    if (id) this.threads.open(id);
  }

  loadOlder(id: string): Promise<void> {
    return this.threads.loadOlder(id);
  }

  resync(id: string, fromSeq?: number): Promise<void> {
    return this.threads.resync(id, fromSeq);
  }

  refreshLinks(m: Message): Promise<void> {
    return this.threads.refreshLinks(m);
  }

  send(conversationId: string, content: string, replyToId?: string | null): Outgoing | null {
    return this.sending.send(conversationId, content, replyToId);
  }

  sendFile(conversationId: string, file: Blob, fileName: string, caption = ""): UploadTask | null {
    return this.sending.sendFile(conversationId, file, fileName, caption);
  }

  cancelUpload(localId: string): void {
    this.sending.cancelUpload(localId);
  }

  retryUpload(localId: string): void {
    this.sending.retryUpload(localId);
  }

  retrySend(clientMsgId: string): void {
    this.sending.retrySend(clientMsgId);
  }

  discard(clientMsgId: string): void {
    this.sending.discard(clientMsgId);
  }

  editMessage(message: Message, content: string): Promise<void> {
    return this.sending.editMessage(message, content);
  }

  /** Adds our `emoji` reaction to a message, or takes it back when we have it. */
  async react(message: Message, emoji: string): Promise<void> {
    const event = adds(message, emoji) ? "addReaction" : "removeReaction";
    const payload = { conversationId: message.conversationId, messageId: message.id, emoji };
    const ack = await this.deps.transport.request(event, payload);
    if (!ack.ok) throw Object.assign(new Error(ack.error.message), { code: ack.error.code });
    this.threads.setReactions(message.conversationId, message.id, ack.reactions);
  }

  deleteMessage(message: Message, scope: DeleteScope): Promise<void> {
    return this.sending.deleteMessage(message, scope);
  }

  // ---- typing ---------------------------------------------------------------------------------

  /** Call on every keystroke in the composer: tells the others, at most every 2 s. */
  typing(conversationId: string): void {
    this.typists.keystroke(conversationId);
  }

  stopTyping(conversationId: string): void {
    this.typists.stop(conversationId);
  }
}
