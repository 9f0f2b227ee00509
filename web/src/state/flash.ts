// Flash groups: group conversations that expire by themselves at `expiresAt` (README "Flash
// groups"). What the client does about it, as pure functions: the lifetime presets, the countdown
// text, and the expiry state of each group (live → expired → removed from the list).
//
// A group is expired when the server says so (`flashGroupExpired`, a 404 on a read, or the group
// missing from a fresh conversation list) or, as a fallback when that news does not come (the
// socket is down), when its countdown has passed zero by `EXPIRY_GRACE_MS`. An expired group is
// shown greyed out and closed for `EXPIRED_LINGER_MS`, then leaves the list, unless it is the
// conversation open on screen: that one stays (greyed, closed) until the reader leaves it.

import type { Conversation } from "../api/types";

export interface TtlPreset {
  label: string;
  seconds: number;
}

export const TTL_PRESETS: readonly TtlPreset[] = [
  { label: "1 min", seconds: 60 },
  { label: "10 min", seconds: 600 },
  { label: "1 hour", seconds: 3600 },
  { label: "1 day", seconds: 86_400 },
  { label: "7 days", seconds: 604_800 },
];

export const DEFAULT_TTL_SECONDS = 3600;

/** How long the countdown may pass zero before the client stops waiting for the server's word. */
export const EXPIRY_GRACE_MS = 2000;
/** How long an expired group stays in the list, greyed out, before it is removed. */
export const EXPIRED_LINGER_MS = 10_000;

/** What the composer of an expired group says, and the error of what was queued for it. */
export const EXPIRED_TEXT = "This flash group has expired";

/** A custom lifetime typed in seconds: a whole positive number, else null. The server judges the range. */
export function parseTtlSeconds(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Milliseconds left until `expiresAt` (negative once past); Infinity without an expiry. */
export function remainingMs(expiresAt: string | null | undefined, now: number): number {
  if (!expiresAt) return Infinity;
  const at = Date.parse(expiresAt);
  return Number.isNaN(at) ? Infinity : at - now;
}

/** Whole seconds shown for `ms` left: rounded up, so "0:00" shows exactly when it runs out. */
function secondsLeft(ms: number): number {
  return ms <= 0 ? 0 : Math.ceil(ms / 1000);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "4:59", "1:00:00", "6d 23:59:59". */
export function formatCountdown(ms: number): string {
  const total = secondsLeft(ms);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d}d ${h}:${pad(m)}:${pad(s)}`;
  if (h > 0) return `${h}:${pad(m)}:${pad(s)}`;
  return `${m}:${pad(s)}`;
}

const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The countdown in words, for screen readers: "4 minutes 59 seconds", "2 days 3 hours". */
export function describeCountdown(ms: number): string {
  const total = secondsLeft(ms);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts =
    d > 0 ? [unit(d, "day"), h && unit(h, "hour")] : h > 0 ? [unit(h, "hour"), m && unit(m, "minute")] : [m && unit(m, "minute"), (s || !m) && unit(s, "second")];
  return parts.filter(Boolean).join(" ");
}

/** The same in words: "Expires in 4 minutes 59 seconds". */
export function countdownWords(ms: number): string {
  return ms <= 0 ? "Expiring now" : `Expires in ${describeCountdown(ms)}`;
}

// ---- expiry state ---------------------------------------------------------------------------

export type ExpiryReason = "event" | "countdown" | "not_found" | "gone_from_list";

/** When (local clock) and why the client learned that a group expired. */
export interface Expiry {
  at: number;
  reason: ExpiryReason;
}

/** conversationId → its expiry, for the groups known to be expired. */
export type ExpiredMap = Readonly<Record<string, Expiry>>;

/** Records that `id` expired; the first news wins (the same map comes back if it was known). */
export function markExpired(expired: ExpiredMap, id: string, at: number, reason: ExpiryReason): ExpiredMap {
  if (expired[id]) return expired;
  return { ...expired, [id]: { at, reason } };
}

export function forgetExpired(expired: ExpiredMap, ids: readonly string[]): ExpiredMap {
  if (!ids.some((id) => expired[id])) return expired;
  const next = { ...expired };
  for (const id of ids) delete next[id];
  return next;
}

export function isFlash(c: Pick<Conversation, "kind"> | undefined): boolean {
  return c?.kind === "flash";
}

/**
 * The live flash groups whose countdown (on the server's clock, `serverNow`) passed zero more than
 * `grace` ago: the fallback when `flashGroupExpired` does not arrive.
 */
export function dueByCountdown(
  conversations: Iterable<Conversation>,
  expired: ExpiredMap,
  serverNow: number,
  grace = EXPIRY_GRACE_MS,
): string[] {
  const due: string[] = [];
  for (const c of conversations) {
    if (c.kind === "flash" && !expired[c.id] && remainingMs(c.expiresAt, serverNow) <= -grace) due.push(c.id);
  }
  return due;
}

/** The expired groups to take off the list now: expired `linger` ago or more, and not open on screen. */
export function dueForRemoval(expired: ExpiredMap, activeId: string | null, now: number, linger = EXPIRED_LINGER_MS): string[] {
  return Object.entries(expired)
    .filter(([id, e]) => id !== activeId && now - e.at >= linger)
    .map(([id]) => id);
}

/**
 * Flash groups held but missing from a fresh conversation list: the server dropped them, so they
 * expired (while the socket was away, or the event was missed). Flash groups cannot be left.
 */
export function goneFromList(
  held: Readonly<Record<string, Conversation>>,
  fresh: readonly Conversation[],
  expired: ExpiredMap,
): string[] {
  const listed = new Set(fresh.map((c) => c.id));
  return Object.values(held)
    .filter((c) => c.kind === "flash" && !listed.has(c.id) && !expired[c.id])
    .map((c) => c.id);
}
