import { useEffect, useState } from "react";
import { countdownWords, formatCountdown, remainingMs } from "../state/flash";
import { api } from "../services";
import { FlashIcon } from "./icons";

/**
 * The time a flash group has left, "expires in 4:59", redrawn as each second passes (on the
 * server's clock as estimated from its answers). A `timer` role: screen readers read it when asked,
 * without announcing every tick.
 */
export function Countdown({ expiresAt, expired, id }: { expiresAt: string | null | undefined; expired: boolean; id?: string }) {
  const [now, setNow] = useState(() => api.serverNow());
  const left = remainingMs(expiresAt, now);
  useEffect(() => {
    if (expired || left === Infinity) return;
    // Wake up just after the shown second changes, so every countdown on screen turns together.
    const wait = left > 0 ? (left % 1000 || 1000) + 20 : 1000;
    const t = setTimeout(() => setNow(api.serverNow()), wait);
    return () => clearTimeout(t);
  }, [now, left, expired]);

  if (expired) {
    return (
      <span className="countdown expired" id={id} data-testid="countdown" data-expired="true">
        <FlashIcon />
        Expired
      </span>
    );
  }
  return (
    <span className="countdown" id={id} role="timer" data-testid="countdown" aria-label={countdownWords(left)} title={countdownWords(left)}>
      <FlashIcon />
      {left <= 0 ? (
        "expiring now"
      ) : (
        <>
          {/* Narrow screens show the time alone. */}
          <span className="countdown-prefix">expires in </span>
          {formatCountdown(left)}
        </>
      )}
    </span>
  );
}
