// The people the client knows of: profiles fetched once each (names, avatars), presence kept
// current from `userStatus`, and one's own profile, presence and blocks.

import type { ProfilePatch, SettableStatus, StatusEvent, User, Visibility } from "../api/types";
import type { RestApi } from "../api/rest";
import type { Store } from "./store";
import { REQUEST_TIMEOUT_MS, type Transport } from "./transport";

/** Who a message is from once its sender's account is deleted. */
export function deletedUser(id: string): User {
  return { id, username: "deleted", displayName: "Deleted user", createdAt: new Date(0).toISOString() };
}

/** The profile form as typed. */
export interface ProfileForm {
  displayName: string;
  bio: string;
  avatarUrl: string;
  lastSeenVisibility: Visibility;
}

/** The change a profile form asks for: trimmed, and an emptied field cleared (null). */
export function profilePatch(form: ProfileForm): ProfilePatch {
  const optional = (text: string) => (text.trim() ? text.trim() : null);
  return {
    displayName: form.displayName.trim(),
    bio: optional(form.bio),
    avatarUrl: optional(form.avatarUrl),
    lastSeenVisibility: form.lastSeenVisibility,
  };
}

export interface PeopleDeps {
  store: Store;
  api: Pick<RestApi, "user" | "updateMe" | "block" | "unblock">;
  transport: Transport;
  /** Whether the client stopped (then nothing changes any more). */
  stopped(): boolean;
}

export class People {
  private readonly requests = new Map<string, Promise<void>>();

  constructor(private readonly deps: PeopleDeps) {}

  private get state() {
    return this.deps.store.getState();
  }

  /** Fetches the profiles not held yet (names, avatars, presence). */
  ensure(ids: readonly string[]): void {
    for (const id of new Set(ids)) {
      if (this.state.users[id] || this.requests.has(id)) continue;
      this.requests.set(id, this.fetch(id));
    }
  }

  /** Fetches every profile held again (after a reconnect: presence changed meanwhile). */
  refreshPresence(): void {
    for (const id of Object.keys(this.state.users)) {
      if (id !== this.state.me.id && !this.requests.has(id)) this.requests.set(id, this.fetch(id));
    }
  }

  private async fetch(id: string): Promise<void> {
    try {
      const user = await this.deps.api.user(id);
      if (!this.deps.stopped()) this.remember(user);
    } catch (err) {
      // An account that no longer exists (deleted) keeps its messages under a placeholder, and is
      // not asked for again; anything else shows "Someone" until the next attempt.
      if ((err as { status?: unknown }).status === 404 && !this.deps.stopped()) this.remember(deletedUser(id));
    } finally {
      this.requests.delete(id);
    }
  }

  /** A profile from an answer (search, profile edit): kept for names and presence. */
  remember(user: User): void {
    const s = this.state;
    const me = user.id === s.me.id ? { ...s.me, ...user } : s.me;
    this.deps.store.set({ users: { ...s.users, [user.id]: { ...s.users[user.id], ...user } }, me });
  }

  /** `userStatus`: someone came online, went away or offline. */
  onStatus(e: StatusEvent): void {
    const s = this.state;
    const held = s.users[e.userId];
    if (!held) return;
    const user = { ...held, status: e.status, lastSeen: e.lastSeen ?? held.lastSeen };
    this.deps.store.set({
      users: { ...s.users, [e.userId]: user },
      me: e.userId === s.me.id ? { ...s.me, status: e.status } : s.me,
    });
  }

  /** Sets one's own presence; answers the error text or null. */
  async setStatus(status: SettableStatus): Promise<string | null> {
    try {
      const ack = await this.deps.transport.request("setStatus", { status }, REQUEST_TIMEOUT_MS);
      if (!ack.ok) return ack.error.message;
      this.onStatus({ userId: this.state.me.id, status: ack.status });
      return null;
    } catch {
      return "You are offline.";
    }
  }

  /** Saves one's own profile (`PATCH /api/users/me`); the answer is shown everywhere at once. */
  async updateProfile(form: ProfileForm): Promise<User> {
    const user = await this.deps.api.updateMe(profilePatch(form));
    this.remember(user);
    return user;
  }

  /** Blocks a user: they can no longer message us or add us anywhere (their role in our direct chat follows by event). */
  block(userId: string): Promise<void> {
    return this.deps.api.block(userId);
  }

  unblock(userId: string): Promise<void> {
    return this.deps.api.unblock(userId);
  }
}
