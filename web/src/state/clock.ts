// The server's clock as seen from here. Flash groups expire at a server time (`expiresAt`); a
// device whose clock is minutes off would otherwise count down to the wrong moment.

/** Offsets smaller than this are measurement noise (`Date` has whole seconds): taken as 0. */
export const CLOCK_NOISE_MS = 2000;

/**
 * The server's clock minus ours, from an HTTP `Date` header read on an answer to a request sent at
 * `sentAt` and answered at `receivedAt` (local ms). Null when the header is missing or malformed.
 */
export function offsetFromDateHeader(header: string | null | undefined, sentAt: number, receivedAt: number): number | null {
  if (!header) return null;
  const server = Date.parse(header);
  if (Number.isNaN(server)) return null;
  // The header is truncated to the second: its middle is the best guess, against the middle of the exchange.
  const offset = server + 500 - (sentAt + receivedAt) / 2;
  return Math.abs(offset) < CLOCK_NOISE_MS ? 0 : Math.round(offset);
}
