// The REST API (openapi/openapi.json), with the bearer token from the session. A 401 triggers
// one refresh (shared with every other caller) and one retry.

import type {
  AuthTokens,
  Conversation,
  ConversationPatch,
  ConversationPage,
  ConversationSummary,
  CreateConversationRequest,
  CreateFlashGroupRequest,
  DeleteScope,
  ErrorBody,
  HistoryPage,
  Job,
  LoginSession,
  Member,
  Message,
  ProfilePatch,
  Provider,
  RegisterRequest,
  Role,
  Upload,
  User,
  UserPage,
} from "./types";
import {
  fill,
  type AnswerOf,
  type JsonBodyOf,
  type Method,
  type MethodOf,
  type Operation,
  type Path,
  type PathWith,
  type RequestArgs,
} from "./routes";
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

/** What `call` takes besides the method and path, as its implementation reads it. */
interface Loose {
  path?: Record<string, string>;
  query?: Query;
  body?: unknown;
}

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
    // What answered may not be chat-server (a proxy): any field of its ErrorBody may be missing.
    const error = (body as { error?: Partial<ErrorBody["error"]> } | undefined)?.error;
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
  register(body: RegisterRequest): Promise<AuthTokens> {
    return this.anonymous("/api/auth/register", { body });
  }

  login(login: string, password: string): Promise<AuthTokens> {
    return this.anonymous("/api/auth/login", { body: { login, password } });
  }

  async logout(refreshToken: string): Promise<void> {
    const body: JsonBodyOf<Operation<"/api/auth/logout", "post">> = { refreshToken };
    await fetch(this.base + "/api/auth/logout", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  /** The tokens of the sign-in with the identity provider this browser just finished (held in a cookie). */
  completeSignIn(): Promise<AuthTokens> {
    return this.anonymous("/api/auth/oidc/redeem");
  }

  /** The identity provider users may sign in with, or null when none is configured. */
  async identityProvider(): Promise<Provider | null> {
    const response = await fetch(this.base + "/api/auth/oidc");
    return response.status === 404 ? null : parse<AnswerOf<Operation<"/api/auth/oidc", "get">>>(response);
  }

  /** Follows an email verification link (`/#verify=<token>`). */
  async verifyEmail(token: string): Promise<void> {
    await this.anonymous("/api/auth/email/verify", { body: { token } });
  }

  /** Asks for a password reset link by email; answered alike whatever the login. */
  async requestPasswordReset(login: string): Promise<void> {
    await this.anonymous("/api/auth/password-reset", { body: { login } });
  }

  /** Sets a new password with the token of a reset link; every login of the account ends. */
  async resetPassword(token: string, password: string): Promise<void> {
    await this.anonymous("/api/auth/password-reset/confirm", { body: { token, password } });
  }

  /** A `POST` without a bearer token (always with a JSON body: `{}` when the route takes none). */
  private anonymous<P extends PathWith<"post">>(
    path: P,
    ...[request]: RequestArgs<Operation<P, "post">>
  ): Promise<AnswerOf<Operation<P, "post">>>;
  private async anonymous(path: Path, request?: { body?: unknown }): Promise<unknown> {
    const response = await fetch(this.base + path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request?.body ?? {}),
    });
    return parse(response);
  }

  /**
   * An authenticated call of `method` on `path` (a template of the document, filled from
   * `request.path`); retried once after a refresh when the token was refused.
   */
  call<P extends Path, M extends MethodOf<P>>(
    method: M,
    path: P,
    ...[request]: RequestArgs<Operation<P, M>>
  ): Promise<AnswerOf<Operation<P, M>>>;
  async call(method: Method, path: Path, request: Loose = {}): Promise<unknown> {
    return parse(await this.authorized(method, fill(path, request.path), request));
  }

  private async authorized(method: Method, path: string, options: Loose = {}): Promise<Response> {
    const url = this.base + withQuery(path, options.query);
    const send = async (token: string) => {
      const sentAt = Date.now();
      const response = await fetch(url, {
        method: method.toUpperCase(),
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
    return this.call("get", "/api/auth/sessions");
  }
  endSession(id: string): Promise<void> {
    return this.call("delete", "/api/auth/sessions/{id}", { path: { id } });
  }
  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.call("post", "/api/auth/password", { body: { currentPassword, newPassword } });
  }
  /** Sends a new link to verify the caller's email address. */
  resendVerification(): Promise<void> {
    return this.call("post", "/api/auth/email/verification");
  }

  // Leaving for good.
  /** Everything of the account as one JSON file (profile, contacts, conversations, messages sent). */
  async exportAccount(): Promise<Blob> {
    const response = await this.authorized("get", fill("/api/users/me/export"));
    if (!response.ok) await parse<never>(response);
    return response.blob();
  }
  /** Deletes the account for good; an account without a password passes none. */
  deleteAccount(password: string | undefined): Promise<void> {
    return this.call("delete", "/api/users/me", { body: password ? { password } : {} });
  }

  // Users and profile.
  me(): Promise<User> {
    return this.call("get", "/api/users/me");
  }
  updateMe(patch: ProfilePatch): Promise<User> {
    return this.call("patch", "/api/users/me", { body: patch });
  }
  user(id: string): Promise<User> {
    return this.call("get", "/api/users/{id}", { path: { id } });
  }
  searchUsers(q: string, limit = 20): Promise<UserPage> {
    return this.call("get", "/api/users", { query: { q, limit } });
  }

  // Conversations and members.
  /** Every conversation, page after page (most recently active first). */
  async conversations(): Promise<ConversationSummary[]> {
    const all: ConversationSummary[] = [];
    let cursor: string | null = null;
    do {
      const query: { limit: number; cursor?: string } = cursor ? { limit: 100, cursor } : { limit: 100 };
      const page: ConversationPage = await this.call("get", "/api/conversations", { query });
      all.push(...page.items);
      cursor = page.nextCursor ?? null;
    } while (cursor);
    return all;
  }
  conversation(id: string): Promise<Conversation> {
    return this.call("get", "/api/conversations/{id}", { path: { id } });
  }
  /** Blocks a user: they can no longer message you or put you in a conversation. */
  block(userId: string): Promise<void> {
    return this.call("put", "/api/blocks/{userId}", { path: { userId } });
  }
  unblock(userId: string): Promise<void> {
    return this.call("delete", "/api/blocks/{userId}", { path: { userId } });
  }
  /** A group that expires by itself after `ttlSeconds` (422 `details.field = "ttlSeconds"` out of range). */
  createFlashGroup(body: CreateFlashGroupRequest): Promise<Conversation> {
    return this.call("post", "/api/flash-groups", { body });
  }
  createConversation(body: CreateConversationRequest): Promise<Conversation> {
    return this.call("post", "/api/conversations", { body });
  }
  updateConversation(id: string, patch: ConversationPatch): Promise<Conversation> {
    return this.call("patch", "/api/conversations/{id}", { path: { id }, body: patch });
  }
  deleteConversation(id: string): Promise<void> {
    return this.call("delete", "/api/conversations/{id}", { path: { id } });
  }
  async members(id: string): Promise<Member[]> {
    return (await this.call("get", "/api/conversations/{id}/members", { path: { id } })).items;
  }
  addMember(id: string, userId: string, role?: Role): Promise<Member> {
    return this.call("post", "/api/conversations/{id}/members", { path: { id }, body: role ? { userId, role } : { userId } });
  }
  setRole(id: string, userId: string, role: Role): Promise<Member> {
    return this.call("patch", "/api/conversations/{id}/members/{userId}", { path: { id, userId }, body: { role } });
  }
  removeMember(id: string, userId: string): Promise<void> {
    return this.call("delete", "/api/conversations/{id}/members/{userId}", { path: { id, userId } });
  }

  // Messages.
  history(id: string, query: { beforeSeq?: number; afterSeq?: number; limit?: number }): Promise<HistoryPage> {
    return this.call("get", "/api/conversations/{id}/messages", { path: { id }, query });
  }
  editMessage(id: string, content: string): Promise<Message> {
    return this.call("patch", "/api/messages/{id}", { path: { id }, body: { content } });
  }
  deleteMessage(id: string, scope: DeleteScope): Promise<void> {
    return this.call("delete", "/api/messages/{id}", { path: { id }, query: { scope } });
  }

  // Uploads: the file goes with XMLHttpRequest (upload progress); its processing is a job.
  job(id: string): Promise<Job> {
    return this.call("get", "/api/jobs/{id}", { path: { id } });
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
        request.open("POST", this.base + fill("/api/uploads"));
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
      return decode<AnswerOf<Operation<"/api/uploads", "post">>>(answer.status, answer.text);
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
