// The chat client's side of flash-group expiry (the rules are in flash.ts): the news that a group
// expired (the server's event, a 404, its absence from the list, the countdown) marks it expired
// once; a check every second runs the countdown fallback and takes expired groups off the list.

import { EXPIRED_LINGER_MS, dueByCountdown, dueForRemoval, markExpired, type ExpiryReason } from "./flash";
import type { Store } from "./store";

const CHECK_EVERY_MS = 1000;

/** Whether a failed read (an HTTP error, or a socket ack's error) says the conversation does not exist. */
export function isNotFound(error: unknown): boolean {
  const { status, code } = error as { status?: number; code?: string };
  return status === 404 || code === "not_found";
}

export interface FlashExpiryDeps {
  store: Store;
  /** The local clock. */
  now(): number;
  /** The server's clock as estimated here (the countdowns). */
  serverNow(): number;
  /** How long an expired group stays in the list, greyed out. */
  lingerMs?: number;
  /** The group just expired: what was queued for it fails, and nobody types there any more. */
  onExpired(id: string): void;
  /** Takes the group off the list (its moment greyed out is over). */
  remove(id: string): void;
  /** Whether the client stopped (then nothing changes any more). */
  stopped(): boolean;
}

export class FlashExpiry {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly deps: FlashExpiryDeps) {}

  /** Starts checking every second. */
  start(): void {
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * A flash group expired (the server's event, a 404, the countdown): it is shown greyed out and
   * closed, what was queued for it fails, and it leaves the list a moment later.
   */
  expire(id: string, reason: ExpiryReason): void {
    const { store } = this.deps;
    const s = store.getState();
    const c = s.conversations[id];
    if (this.deps.stopped() || !c || c.kind !== "flash") return;
    const expired = markExpired(s.expired, id, this.deps.now(), reason);
    if (expired === s.expired) return;
    store.batch(() => {
      store.set({ expired });
      this.deps.onExpired(id);
    });
  }

  /**
   * Expires the flash groups whose countdown passed (when the server's event did not come) and
   * takes expired ones off the list after a moment, except the one open on screen.
   */
  check(): void {
    if (this.deps.stopped()) return;
    const s = this.deps.store.getState();
    for (const id of dueByCountdown(Object.values(s.conversations), s.expired, this.deps.serverNow())) {
      this.expire(id, "countdown");
    }
    const after = this.deps.store.getState();
    const linger = this.deps.lingerMs ?? EXPIRED_LINGER_MS;
    for (const id of dueForRemoval(after.expired, after.activeId, this.deps.now(), linger)) this.deps.remove(id);
  }

  /** A 404 on a read: for a flash group, it expired. Answers whether that was the case. */
  expiredByNotFound(id: string, error: unknown): boolean {
    if (isNotFound(error) && this.deps.store.getState().conversations[id]?.kind === "flash") {
      this.expire(id, "not_found");
      return true;
    }
    return false;
  }
}
