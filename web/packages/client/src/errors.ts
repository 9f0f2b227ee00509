// The one error type of the package: a refusal by the server (REST `{ error }` body or a failed
// socket acknowledgement), or a local condition with a code of its own.

/**
 * Codes of the server (`bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`,
 * `rate_limited`, `payload_too_large`, `unsupported_media_type`, `gone`, `unavailable`,
 * `internal`, …), and the client's own: `disconnected` (the socket is down, or dropped before the
 * acknowledgement came), `timeout` (no acknowledgement in time), `closed` (the client was closed
 * or logged out), `http_error` (an error answer without the server's error body).
 */
export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "not_configured"
  | "conflict"
  | "rate_limited"
  | "payload_too_large"
  | "unsupported_media_type"
  | "gone"
  | "unavailable"
  | "internal"
  | "disconnected"
  | "timeout"
  | "closed"
  | "http_error"
  | (string & {});

export class ChatApiError extends Error {
  constructor(
    /** The HTTP status of a REST answer; undefined for socket acknowledgements and local errors. */
    readonly status: number | undefined,
    readonly code: ErrorCode,
    message: string,
    /** The server's extra facts: `field`, `retryAfterSecs`, a conflict's `reason`. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ChatApiError";
  }

  /** `details.retryAfterSecs`, when the server gave one (`rate_limited`, `unavailable`). */
  get retryAfterSecs(): number | undefined {
    const d = this.details;
    if (typeof d === "object" && d !== null && "retryAfterSecs" in d && typeof d.retryAfterSecs === "number") {
      return d.retryAfterSecs;
    }
    return undefined;
  }
}

/** Whether sending the same thing again may succeed (and, with the same `clientMsgId`, is safe). */
export function isRetryable(error: ChatApiError): boolean {
  return RETRYABLE.has(error.code);
}

const RETRYABLE = new Set<ErrorCode>(["unavailable", "rate_limited", "disconnected", "timeout"]);
