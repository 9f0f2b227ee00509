// The login: tokens kept in localStorage, the access token refreshed before it expires.
//
// The refresh token rotates, and presenting a spent one revokes the whole login. So a refresh is
// single-flight: concurrent callers in this tab share one request, and among the tabs of one
// browser only the leading tab (elected with a Web Lock) spends refresh tokens; the others ask it
// and take the new tokens from storage. (A lock alone is not enough: localStorage reaches other
// tabs asynchronously, so a tab that waited on the lock could still read the spent token.)

import type { AnswerOf, JsonBodyOf, Operation } from "../api/routes";
import type { AuthTokens, User } from "../api/types";

export interface StoredSession {
  user: User;
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
  /** Epoch milliseconds from which it is refreshed (a minute before expiry, or at 80% of a short lifetime). */
  refreshAt?: number;
}

export interface SessionDeps {
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  /** POSTs `{ refreshToken }` to /api/auth/refresh. */
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  now?: () => number;
  /** Runs `fn` while holding a lock shared by every tab (navigator.locks); none: tab-local only. */
  lock?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Coordination with the other tabs; none: this tab acts alone. */
  tabs?: TabCoordinator;
}

/** How the tabs of one browser agree on who refreshes. */
export interface TabCoordinator {
  /** Whether this tab is the one that spends refresh tokens. */
  isLeader(): boolean;
  /** Asks the leading tab to refresh a session whose access token is `stale`. */
  requestRefresh(stale: string | undefined): void;
  /** Resolves true once `done()` holds (checked on storage changes), false after `ms`. */
  waitFor(done: () => boolean, ms: number): Promise<boolean>;
}

/** How long a tab waits for the leading tab before refreshing by itself. */
const LEADER_WAIT_MS = 8000;

export const STORAGE_KEY = "chat.session";
/** Refresh this long before expiry (or at 80% of a shorter lifetime). */
const MARGIN_MS = 60_000;

/** The server refused the refresh token: the login is over. */
export class SessionExpired extends Error {
  constructor() {
    super("Your session has ended. Please sign in again.");
    this.name = "SessionExpired";
  }
}

export class Session {
  private inflight: Promise<StoredSession> | null = null;
  private listeners = new Set<(s: StoredSession | null) => void>();
  private readonly now: () => number;

  constructor(private readonly deps: SessionDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** What is stored now (possibly written by another tab). */
  current(): StoredSession | null {
    const raw = this.deps.storage.getItem(STORAGE_KEY);
    if (!raw) return null;
    try {
      const s = JSON.parse(raw) as StoredSession;
      return s && typeof s.accessToken === "string" && typeof s.refreshToken === "string" ? s : null;
    } catch {
      return null;
    }
  }

  /** Keeps the answer of register, login or refresh. */
  save(tokens: AuthTokens): StoredSession {
    const lifetime = tokens.expiresIn * 1000;
    const session: StoredSession = {
      user: tokens.user,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: this.now() + lifetime,
      refreshAt: this.now() + lifetime - Math.min(MARGIN_MS, lifetime * 0.2),
    };
    this.write(session);
    return session;
  }

  updateUser(user: User): void {
    const s = this.current();
    if (s) this.write({ ...s, user });
  }

  clear(): void {
    this.deps.storage.removeItem(STORAGE_KEY);
    this.emit(null);
  }

  /** When the access token should be refreshed (epoch ms). */
  refreshDueAt(s: StoredSession): number {
    return s.refreshAt ?? s.expiresAt - MARGIN_MS;
  }

  /** A usable access token, refreshed first when it is about to expire. */
  async accessToken(): Promise<string> {
    const s = this.current();
    if (!s) throw new SessionExpired();
    if (this.now() < this.refreshDueAt(s)) return s.accessToken;
    return (await this.refresh(s.accessToken)).accessToken;
  }

  /**
   * Exchanges the refresh token for new tokens, once for all concurrent callers. `staleToken` is
   * the access token the caller found wanting: if storage already holds another, fresher one
   * (another tab refreshed meanwhile), that one is used and nothing is sent.
   */
  refresh(staleToken?: string): Promise<StoredSession> {
    if (!this.inflight) {
      const stale = staleToken ?? this.current()?.accessToken;
      const tabs = this.deps.tabs;
      const run = () => this.exchange(stale);
      const exchange = () => (this.deps.lock ? this.deps.lock(run) : run());
      this.inflight = (tabs && !tabs.isLeader() ? this.askLeader(tabs, stale, exchange) : exchange()).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  /** A following tab: the leader refreshes, the new tokens arrive through storage. */
  private async askLeader(
    tabs: TabCoordinator,
    stale: string | undefined,
    exchange: () => Promise<StoredSession>,
  ): Promise<StoredSession> {
    const fresh = () => {
      const s = this.current();
      return s !== null && s.accessToken !== stale && this.now() < this.refreshDueAt(s);
    };
    if (!fresh()) {
      tabs.requestRefresh(stale);
      if (!(await tabs.waitFor(() => fresh() || this.current() === null, LEADER_WAIT_MS))) {
        // No leader answered (it is closing, or frozen): refresh here rather than lose the login.
        return exchange();
      }
    }
    const s = this.current();
    if (!s) throw new SessionExpired();
    return s;
  }

  private async exchange(stale: string | undefined): Promise<StoredSession> {
    const held = this.current();
    if (!held) throw new SessionExpired();
    if (held.accessToken !== stale && this.now() < this.refreshDueAt(held)) return held;
    const refreshBody: JsonBodyOf<Operation<"/api/auth/refresh", "post">> = { refreshToken: held.refreshToken };
    const response = await this.deps.fetch("/api/auth/refresh", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(refreshBody),
    });
    if (response.status === 401 || response.status === 403) {
      // Spent, revoked or expired: only signing in again helps.
      if (this.current()?.refreshToken === held.refreshToken) this.clear();
      throw new SessionExpired();
    }
    if (!response.ok) throw new Error(`refresh failed: HTTP ${response.status}`);
    return this.save((await response.json()) as AnswerOf<Operation<"/api/auth/refresh", "post">>);
  }

  /** Follows what other tabs store (`storage` events): new tokens, sign-out. */
  listenToOtherTabs(target: Pick<Window, "addEventListener" | "removeEventListener">): () => void {
    const onStorage = (e: StorageEvent) => {
      if (e.key === STORAGE_KEY || e.key === null) this.emit(this.current());
    };
    target.addEventListener("storage", onStorage);
    return () => target.removeEventListener("storage", onStorage);
  }

  /** Called with the session after every change (this tab's, or another's), and with null after clear. */
  subscribe(listener: (s: StoredSession | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(s: StoredSession): void {
    this.deps.storage.setItem(STORAGE_KEY, JSON.stringify(s));
    this.emit(s);
  }

  private emit(s: StoredSession | null): void {
    for (const l of this.listeners) l(s);
  }
}

/**
 * The tabs of this browser, coordinated with Web Locks (a leader lock held for the tab's life)
 * and a BroadcastChannel (refresh requests to the leader). Null where either is missing (plain
 * HTTP on another host than localhost): each tab then refreshes on its own.
 */
export function browserTabs(onRefreshRequested: (stale: string | undefined) => void): TabCoordinator | null {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks || typeof BroadcastChannel === "undefined") return null;
  let leader = false;
  void locks.request("chat.session.leader", () => {
    leader = true;
    return new Promise<never>(() => {}); // held until the tab closes
  });
  const channel = new BroadcastChannel("chat.session");
  channel.onmessage = (e: MessageEvent<{ type: string; stale?: string }>) => {
    if (leader && e.data?.type === "refresh") onRefreshRequested(e.data.stale);
  };
  return {
    isLeader: () => leader,
    requestRefresh: (stale) => channel.postMessage({ type: "refresh", stale }),
    waitFor: (done, ms) =>
      new Promise<boolean>((resolve) => {
        if (done()) return resolve(true);
        const finish = (ok: boolean) => {
          clearInterval(poll);
          clearTimeout(timer);
          window.removeEventListener("storage", check);
          resolve(ok);
        };
        const check = () => done() && finish(true);
        const poll = setInterval(check, 250);
        const timer = setTimeout(() => finish(done()), ms);
        window.addEventListener("storage", check);
      }),
  };
}

/** The cross-tab lock of the browser, when it has one (secure contexts). */
export function browserLock(): SessionDeps["lock"] {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks) return undefined;
  return <T>(fn: () => Promise<T>) => locks.request("chat.session.refresh", fn) as Promise<T>;
}
