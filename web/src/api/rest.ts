// The REST API (openapi/openapi.json), with the bearer token from the session. A 401 triggers
// one refresh (shared with every other caller) and one retry.

import type {
  AuthTokens,
  Conversation,
  ConversationPatch,
  ConversationSummary,
  HistoryPage,
  Job,
  LoginSession,
  Member,
  Message,
  Page,
  ProfilePatch,
  Role,
  Upload,
  User,
} from "./types";
import { Session, SessionExpired } from "../state/session";
import { offsetFromDateHeader } from "../state/clock";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Query = Record<string, string | number | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function parse<T>(response: Response): Promise<T> {
  return decode<T>(response.status, await response.text());
}

/** An answer's body, or its `{ error: { code, message, details } }` as an ApiError. */
function decode<T>(status: number, text: string): T {
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined; // a proxy's HTML error page
  }
  if (status < 200 || status > 299) {
    const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    throw new ApiError(status, error?.code ?? "http_error", error?.message ?? `Request failed (HTTP ${status})`, error?.details);
  }
  return body as T;
}

export class RestApi {
  /** The server's clock minus this device's (ms), from the `Date` of the latest answer. */
  clockOffsetMs = 0;

  constructor(
    private readonly session: Session,
    private readonly base = "",
  ) {}

  /** The server's time now, as far as this device can tell. */
  serverNow = (): number => Date.now() + this.clockOffsetMs;

  // Authentication: no bearer token.
  register(body: { username: string; password: string; email?: string; displayName?: string }): Promise<AuthTokens> {
    return this.anonymous("/api/auth/register", body);
  }

  login(login: string, password: string): Promise<AuthTokens> {
    return this.anonymous("/api/auth/login", { login, password });
  }

  async logout(refreshToken: string): Promise<void> {
    await fetch(this.base + "/api/auth/logout", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken }),
    });
  }

  /** The tokens of the sign-in with the identity provider this browser just finished (held in a cookie). */
  completeSignIn(): Promise<AuthTokens> {
    return this.anonymous("/api/auth/oidc/redeem", {});
  }

  /** The identity provider users may sign in with, or null when none is configured. */
  async identityProvider(): Promise<{ name: string } | null> {
    const response = await fetch(this.base + "/api/auth/oidc");
    return response.status === 404 ? null : parse<{ name: string }>(response);
  }

  /** Follows an email verification link (`/#verify=<token>`). */
  async verifyEmail(token: string): Promise<void> {
    await this.anonymous<void>("/api/auth/email/verify", { token });
  }

  /** Asks for a password reset link by email; answered alike whatever the login. */
  async requestPasswordReset(login: string): Promise<void> {
    await this.anonymous<void>("/api/auth/password-reset", { login });
  }

  /** Sets a new password with the token of a reset link; every login of the account ends. */
  async resetPassword(token: string, password: string): Promise<void> {
    await this.anonymous<void>("/api/auth/password-reset/confirm", { token, password });
  }

  private async anonymous<T = AuthTokens>(path: string, body: unknown): Promise<T> {
    const response = await fetch(this.base + path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return parse<T>(response);
  }

  /** An authenticated call; retried once after a refresh when the token was refused. */
  async call<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
    return parse<T>(await this.authorized(method, path, options));
  }

  private async authorized(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<Response> {
    const url = this.base + withQuery(path, options.query);
    const send = async (token: string) => {
      const sentAt = Date.now();
      const response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const offset = offsetFromDateHeader(response.headers.get("date"), sentAt, Date.now());
      if (offset !== null) this.clockOffsetMs = offset;
      return response;
    };
    const token = await this.session.accessToken();
    let response = await send(token);
    if (response.status === 401) {
      const fresh = await this.session.refresh(token);
      response = await send(fresh.accessToken);
      if (response.status === 401) {
        this.session.clear();
        throw new SessionExpired();
      }
    }
    return response;
  }

  // Logins and password.
  sessions(): Promise<LoginSession[]> {
    return this.call("GET", "/api/auth/sessions");
  }
  endSession(id: string): Promise<void> {
    return this.call("DELETE", `/api/auth/sessions/${encodeURIComponent(id)}`);
  }
  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.call("POST", "/api/auth/password", { body: { currentPassword, newPassword } });
  }
  /** Sends a new link to verify the caller's email address. */
  resendVerification(): Promise<void> {
    return this.call("POST", "/api/auth/email/verification");
  }

  // Leaving for good.
  /** Everything of the account as one JSON file (profile, contacts, conversations, messages sent). */
  async exportAccount(): Promise<Blob> {
    const response = await this.authorized("GET", "/api/users/me/export");
    if (!response.ok) await parse<never>(response);
    return response.blob();
  }
  /** Deletes the account for good; an account without a password passes none. */
  deleteAccount(password: string | undefined): Promise<void> {
    return this.call("DELETE", "/api/users/me", { body: password ? { password } : {} });
  }

  // Users and profile.
  me(): Promise<User> {
    return this.call("GET", "/api/users/me");
  }
  updateMe(patch: ProfilePatch): Promise<User> {
    return this.call("PATCH", "/api/users/me", { body: patch });
  }
  user(id: string): Promise<User> {
    return this.call("GET", `/api/users/${encodeURIComponent(id)}`);
  }
  searchUsers(q: string, limit = 20): Promise<Page<User>> {
    return this.call("GET", "/api/users", { query: { q, limit } });
  }

  // Conversations and members.
  /** Every conversation, page after page (most recently active first). */
  async conversations(): Promise<ConversationSummary[]> {
    const all: ConversationSummary[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = cursor ? { limit: 100, cursor } : { limit: 100 };
      const page: Page<ConversationSummary> = await this.call("GET", "/api/conversations", { query });
      all.push(...page.items);
      cursor = page.nextCursor ?? null;
    } while (cursor);
    return all;
  }
  conversation(id: string): Promise<Conversation> {
    return this.call("GET", `/api/conversations/${id}`);
  }
  /** Blocks a user: they can no longer message you or put you in a conversation. */
  block(userId: string): Promise<void> {
    return this.call("PUT", `/api/blocks/${userId}`);
  }
  unblock(userId: string): Promise<void> {
    return this.call("DELETE", `/api/blocks/${userId}`);
  }
  /** A group that expires by itself after `ttlSeconds` (422 `details.field = "ttlSeconds"` out of range). */
  createFlashGroup(body: { name: string; memberIds: string[]; ttlSeconds: number }): Promise<Conversation> {
    return this.call("POST", "/api/flash-groups", { body });
  }
  createConversation(body: {
    kind: "direct" | "group";
    memberIds: string[];
    name?: string;
    description?: string;
  }): Promise<Conversation> {
    return this.call("POST", "/api/conversations", { body });
  }
  updateConversation(id: string, patch: ConversationPatch): Promise<Conversation> {
    return this.call("PATCH", `/api/conversations/${id}`, { body: patch });
  }
  deleteConversation(id: string): Promise<void> {
    return this.call("DELETE", `/api/conversations/${id}`);
  }
  async members(id: string): Promise<Member[]> {
    return (await this.call<{ items: Member[] }>("GET", `/api/conversations/${id}/members`)).items;
  }
  addMember(id: string, userId: string, role?: Role): Promise<Member> {
    return this.call("POST", `/api/conversations/${id}/members`, { body: role ? { userId, role } : { userId } });
  }
  setRole(id: string, userId: string, role: Role): Promise<Member> {
    return this.call("PATCH", `/api/conversations/${id}/members/${userId}`, { body: { role } });
  }
  removeMember(id: string, userId: string): Promise<void> {
    return this.call("DELETE", `/api/conversations/${id}/members/${userId}`);
  }

  // Messages.
  history(id: string, query: { beforeSeq?: number; afterSeq?: number; limit?: number }): Promise<HistoryPage> {
    return this.call("GET", `/api/conversations/${id}/messages`, { query });
  }
  editMessage(id: string, content: string): Promise<Message> {
    return this.call("PATCH", `/api/messages/${id}`, { body: { content } });
  }
  deleteMessage(id: string, scope: "me" | "everyone"): Promise<void> {
    return this.call("DELETE", `/api/messages/${id}`, { query: { scope } });
  }

  // Uploads: the file goes with XMLHttpRequest (upload progress); its processing is a job.
  job(id: string): Promise<Job> {
    return this.call("GET", `/api/jobs/${encodeURIComponent(id)}`);
  }

  /**
   * `POST /api/uploads` (multipart, field `file`), reporting progress. `abort()` cancels it (the
   * promise then rejects with an `AbortError`). A refused token is refreshed once, as `call` does.
   */
  upload(file: Blob, fileName: string, onProgress: (loaded: number, total: number) => void): UploadRequest {
    let xhr: XMLHttpRequest | null = null;
    let aborted = false;
    const attempt = (token: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const request = new XMLHttpRequest();
        xhr = request;
        request.open("POST", this.base + "/api/uploads");
        request.setRequestHeader("authorization", `Bearer ${token}`);
        request.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
        request.onload = () =>
          request.status === 0 ? reject(new TypeError("network error")) : resolve({ status: request.status, text: request.responseText });
        request.onerror = () => reject(new TypeError("network error"));
        request.onabort = () => reject(new DOMException("upload cancelled", "AbortError"));
        const form = new FormData();
        form.append("file", file, fileName);
        request.send(form);
      });
    const promise = (async () => {
      const token = await this.session.accessToken();
      if (aborted) throw new DOMException("upload cancelled", "AbortError");
      let answer = await attempt(token);
      if (answer.status === 401) {
        const fresh = await this.session.refresh(token);
        if (aborted) throw new DOMException("upload cancelled", "AbortError");
        answer = await attempt(fresh.accessToken);
        if (answer.status === 401) {
          this.session.clear();
          throw new SessionExpired();
        }
      }
      return decode<Upload>(answer.status, answer.text);
    })();
    return {
      promise,
      abort: () => {
        aborted = true;
        (xhr as XMLHttpRequest | null)?.abort();
      },
    };
  }
}

export interface UploadRequest {
  promise: Promise<Upload>;
  abort(): void;
}

/** What a person should read for an error. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError || error instanceof SessionExpired) return error.message;
  if (error instanceof TypeError) return "The server cannot be reached. Check your connection.";
  return error instanceof Error ? error.message : String(error);
}
