// The conversation list as the client holds it: loaded from REST (once at a time, again after a
// reconnect), with live events merged in (created, updated, deleted, members added and removed).

import type { Conversation, MemberEvent } from "../api/types";
import type { RestApi } from "../api/rest";
import { mergeList, summaryOf } from "./conversations";
import { forgetExpired, goneFromList, type ExpiryReason } from "./flash";
import { positionsFromMembers } from "./receipts";
import type { Store } from "./store";

/** How long news of an unknown conversation waits before the list is reloaded (several come at once). */
const RELOAD_SOON_MS = 300;

export interface ConversationListDeps {
  store: Store;
  api: Pick<RestApi, "conversations">;
  /** A flash group turned out to be expired. */
  expire(id: string, reason: ExpiryReason): void;
  /** Fetches the profiles not held yet. */
  ensureUsers(ids: readonly string[]): void;
  /** What was queued for a conversation that is gone for good: dropped (it has nowhere to show). */
  dropQueued(id: string): void;
  /** Whether the client stopped (then nothing changes any more). */
  stopped(): boolean;
}

export class ConversationList {
  private reloading: Promise<void> | null = null;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: ConversationListDeps) {}

  private get state() {
    return this.deps.store.getState();
  }

  /** Reloads the conversation list (once at a time); live events merge into it. */
  refresh(): Promise<void> {
    if (!this.reloading) {
      this.reloading = this.reload().finally(() => {
        this.reloading = null;
      });
    }
    return this.reloading;
  }

  private async reload(): Promise<void> {
    try {
      const heldBefore = this.state.conversations;
      const fresh = await this.deps.api.conversations();
      if (this.deps.stopped()) return;
      // Flash groups the server no longer lists have expired (a group that arrived while the
      // list was on its way may simply be newer than it).
      for (const id of goneFromList(heldBefore, fresh, this.state.expired)) this.deps.expire(id, "gone_from_list");
      const s = this.state;
      const conversations = mergeList(s.conversations, fresh);
      for (const [id, held] of Object.entries(s.conversations)) {
        // Kept: expired ones for their moment on the list, and those newer than the answer.
        if (!conversations[id] && (s.expired[id] || !heldBefore[id])) conversations[id] = held;
      }
      let positions = s.positions;
      for (const c of fresh) positions = positionsFromMembers(positions, c.id, c.members);
      const threads = Object.fromEntries(Object.entries(s.threads).filter(([id]) => conversations[id]));
      const activeId = s.activeId && conversations[s.activeId] ? s.activeId : null;
      this.deps.store.set({ conversations, positions, threads, activeId, listLoaded: true });
      this.deps.ensureUsers(fresh.flatMap((c) => c.members.map((m) => m.userId)));
    } catch (e) {
      if (!this.deps.stopped()) this.deps.store.set({ notice: `Could not load conversations: ${(e as Error).message}` });
    }
  }

  /** Reloads the list shortly (news of a conversation not held, a list entry to correct). */
  refreshSoon(): void {
    if (this.reloadTimer) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      void this.refresh();
    }, RELOAD_SOON_MS);
  }

  /** Cancels a reload waiting to start (the client stops). */
  stop(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    // Cleared, so that a restart (React's double effects) can schedule reloads again.
    this.reloadTimer = null;
  }

  /** A conversation created or changed (an answer of ours, or `conversationCreated`/`Updated`). */
  upsert(c: Conversation): void {
    const s = this.state;
    if (s.expired[c.id]) return;
    if (!c.members.some((m) => m.userId === s.me.id)) {
      this.remove(c.id);
      return;
    }
    this.deps.store.set({
      conversations: { ...s.conversations, [c.id]: summaryOf(c, s.conversations[c.id]) },
      positions: positionsFromMembers(s.positions, c.id, c.members),
    });
    this.deps.ensureUsers(c.members.map((m) => m.userId));
  }

  /** Takes a conversation off the list with its messages (deleted, left, expired), closing it if open. */
  remove(id: string): void {
    const s = this.state;
    const expired = forgetExpired(s.expired, [id]);
    // What was queued for an expired flash group can never be sent, and has nowhere to show.
    if (expired !== s.expired) this.deps.dropQueued(id);
    const now = this.state;
    if (!now.conversations[id] && !now.threads[id]) {
      if (expired !== now.expired) this.deps.store.set({ expired });
      return;
    }
    const { [id]: _gone, ...conversations } = now.conversations;
    const { [id]: _thread, ...threads } = now.threads;
    this.deps.store.set({ conversations, threads, expired, activeId: now.activeId === id ? null : now.activeId });
  }

  onMemberAdded(e: MemberEvent): void {
    const c = this.state.conversations[e.conversationId];
    if (!c || c.members.some((m) => m.userId === e.userId)) return;
    this.deps.store.patchConversation(e.conversationId, { members: [...c.members, { userId: e.userId, role: "member" }] });
    this.deps.ensureUsers([e.userId]);
  }

  onMemberRemoved(e: MemberEvent): void {
    if (e.userId === this.state.me.id) {
      this.remove(e.conversationId);
      return;
    }
    const c = this.state.conversations[e.conversationId];
    if (c) this.deps.store.patchConversation(e.conversationId, { members: c.members.filter((m) => m.userId !== e.userId) });
  }
}
