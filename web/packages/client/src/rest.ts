// The REST API over `fetch`, typed by the server's OpenAPI document (generated/rest.ts): a method
// and a path decide the path parameters, query, body and answer. It holds the login's tokens,
// sends the access token, and on a 401 refreshes it once and tries again. Refresh tokens rotate
// and presenting a spent one ends the login, so a refresh is single-flight.

import { ChatApiError } from "./errors.js";
import type { components, paths } from "./generated/rest.js";

type Schemas = components["schemas"];
export type User = Schemas["User"];
export type AuthTokens = Schemas["AuthTokens"];

/** A login: what `onTokens` hands over to keep, and what a client is created with to resume it. */
export interface Session {
  user: User;
  accessToken: string;
  refreshToken: string;
  /** When the access token expires, in epoch milliseconds (by this machine's clock). */
  expiresAt: number;
}

export type Method = "get" | "post" | "put" | "patch" | "delete";
/** The operation of `method` on `path`. */
export type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
/** The paths that have a `method` operation. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: [Operation<P, M>] extends [never] ? never : P;
}[keyof paths];

type Json<C> = C extends { content: { "application/json": infer T } } ? T : never;
type PathParams<O> = O extends { parameters: { path: infer P } } ? P : never;
type Query<O> = O extends { parameters: { query?: infer Q } } ? Q : never;
type BodyOption<O> = O extends { requestBody: infer B }
  ? { body: Json<B> }
  : O extends { requestBody?: infer B }
    ? [Json<NonNullable<B>>] extends [never]
      ? { body?: undefined }
      : { body?: Json<NonNullable<B>> }
    : { body?: undefined };

/** The options of a request: `params` (path), `query`, `body`, each when the operation has one. */
export type RequestOptions<O> = ([PathParams<O>] extends [never] ? { params?: undefined } : { params: PathParams<O> }) &
  ([Query<O>] extends [never] ? { query?: undefined } : { query?: Query<O> }) &
  BodyOption<O> & {
    /** Send the access token (default true; the auth routes are called without it). */
    auth?: boolean;
    signal?: AbortSignal;
  };

type Success = 200 | 201 | 202 | 204;
type Content<R> = R extends { content: { "application/json": infer T } } ? T : undefined;
/** The JSON answer of a successful call (undefined for 204). */
export type Answer<O> = O extends { responses: infer R } ? { [S in keyof R & Success]: Content<R[S]> }[keyof R & Success] : never;

type Args<O> = {} extends RequestOptions<O> ? [options?: RequestOptions<O>] : [options: RequestOptions<O>];

interface LooseOptions {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  auth?: boolean;
  signal?: AbortSignal;
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface RestOptions {
  /** The server's origin, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** A login kept from an earlier run. */
  session?: Session | null;
  /** Called with every new set of tokens (login, refresh), and with null when the login ends. */
  onTokens?: (session: Session | null) => void;
  fetch?: Fetch;
}

/** A token this close to its expiry is refreshed before it is sent. */
const EXPIRY_MARGIN_MS = 5_000;

export class RestClient {
  private current: Session | null;
  private refreshing: Promise<Session> | null = null;
  private readonly listeners = new Set<(session: Session | null, ended?: ChatApiError) => void>();
  private readonly base: string;
  private readonly fetcher: Fetch;

  constructor(private readonly options: RestOptions) {
    this.base = options.url.replace(/\/+$/, "");
    this.current = options.session ?? null;
    this.fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  get session(): Session | null {
    return this.current;
  }

  /** Keeps the answer of register, login or refresh. */
  setTokens(tokens: AuthTokens): Session {
    const session: Session = {
      user: tokens.user,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: Date.now() + tokens.expiresIn * 1000,
    };
    this.change(session);
    return session;
  }

  /** Forgets the login (`ended`: why, when the server ended it). */
  clear(ended?: ChatApiError): void {
    if (this.current) this.change(null, ended);
  }

  /** Called after each change of the tokens (null: logged out, or `ended` by the server). */
  subscribe(listener: (session: Session | null, ended?: ChatApiError) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A usable access token: refreshed first when it is (about to be) expired. */
  async accessToken(): Promise<string> {
    const s = this.current;
    if (!s) throw new ChatApiError(undefined, "unauthorized", "not logged in");
    if (Date.now() < s.expiresAt - EXPIRY_MARGIN_MS) return s.accessToken;
    return (await this.refresh(s.accessToken)).accessToken;
  }

  /**
   * Trades the refresh token for new tokens, once for all concurrent callers. With `stale` (the
   * access token a caller found wanting), nothing is sent when another one is held already.
   * A refused refresh token (spent, revoked, expired) ends the login.
   */
  refresh(stale?: string): Promise<Session> {
    const held = this.current;
    if (!held) return Promise.reject(new ChatApiError(undefined, "unauthorized", "not logged in"));
    if (this.refreshing) return this.refreshing;
    if (stale !== undefined && held.accessToken !== stale) return Promise.resolve(held);
    this.refreshing = this.request("post", "/api/auth/refresh", { body: { refreshToken: held.refreshToken }, auth: false })
      .then(
        (tokens) => {
          // Logged out, or logged in again as someone (or some login) else, meanwhile: these
          // tokens belong to a login that is no longer this client's.
          if (this.current?.refreshToken !== held.refreshToken)
            throw new ChatApiError(undefined, "closed", "logged out during the refresh");
          return this.setTokens(tokens);
        },
        (e: unknown) => {
          const refused = e instanceof ChatApiError && (e.status === 401 || e.status === 403);
          if (refused && this.current?.refreshToken === held.refreshToken) this.clear(e);
          throw e;
        },
      )
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /**
   * Calls `method path`: `request("get", "/api/conversations/{id}/messages", { params: { id }, query: { limit: 20 } })`.
   * Resolves with the answer's JSON (undefined for 204); rejects with a ChatApiError for an error
   * answer, or with fetch's own error when the server cannot be reached.
   */
  async request<M extends Method, P extends PathsWith<M>>(
    method: M,
    path: P,
    ...[options]: Args<Operation<P, M>>
  ): Promise<Answer<Operation<P, M>>> {
    const o: LooseOptions = options ?? {};
    const auth = o.auth ?? true;
    const token = auth ? await this.accessToken() : undefined;
    let response = await this.send(method, path, o, token);
    if (response.status === 401 && token !== undefined && this.current) {
      // Expired or revoked: a refresh tells which (a revoked login's refresh token is refused too).
      const fresh = await this.refresh(token);
      response = await this.send(method, path, o, fresh.accessToken);
    }
    return (await read(response)) as Answer<Operation<P, M>>;
  }

  private send(method: Method, path: string, o: LooseOptions, token: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (o.body !== undefined) headers["content-type"] = "application/json";
    const init: RequestInit = { method: method.toUpperCase(), headers };
    if (o.body !== undefined) init.body = JSON.stringify(o.body);
    if (o.signal) init.signal = o.signal;
    return this.fetcher(this.base + fillPath(path, o.params) + queryString(o.query), init);
  }

  private change(session: Session | null, ended?: ChatApiError): void {
    this.current = session;
    this.options.onTokens?.(session);
    for (const listener of this.listeners) listener(session, ended);
  }
}

function fillPath(path: string, params: LooseOptions["params"]): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new TypeError(`missing path parameter "${name}" of ${path}`);
    return encodeURIComponent(String(value));
  });
}

function queryString(query: LooseOptions["query"]): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The JSON of a successful answer, or the ChatApiError of a failed one. */
async function read(response: Response): Promise<unknown> {
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (response.ok) return data;
  const error = typeof data === "object" && data !== null && "error" in data ? data.error : undefined;
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") {
    const message = "message" in error && typeof error.message === "string" ? error.message : error.code;
    return Promise.reject(new ChatApiError(response.status, error.code, message, "details" in error ? error.details : undefined));
  }
  return Promise.reject(new ChatApiError(response.status, "http_error", `HTTP ${response.status}`));
}
