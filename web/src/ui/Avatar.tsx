import type { Status } from "../api/types";
import { safeHref } from "../state/links";

function hue(seed: string): number {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % 360;
}

function initials(name: string): string {
  const words = name.replace(/^@/, "").trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? words[0]![0]! + words[1]![0]! : (words[0] ?? "?").slice(0, 2);
  return letters.toUpperCase();
}

export const statusLabel: Record<Status, string> = {
  online: "Online",
  away: "Away",
  busy: "Busy",
  offline: "Offline",
};

/** A round picture (or initials) with an optional presence dot. */
export function Avatar({
  name,
  seed,
  url,
  status,
  size = 40,
}: {
  name: string;
  seed: string;
  url?: string | null;
  /** None (absent or null): the user's presence is not shown to us. */
  status?: Status | null;
  size?: number;
}) {
  const src = url ? safeHref(url) : null;
  return (
    <span className="avatar" style={{ width: size, height: size, ["--hue" as string]: hue(seed) }} aria-hidden="true">
      {src ? <img src={src} alt="" referrerPolicy="no-referrer" /> : <span className="initials">{initials(name)}</span>}
      {status && <span className={`presence ${status}`} data-status={status} />}
    </span>
  );
}
