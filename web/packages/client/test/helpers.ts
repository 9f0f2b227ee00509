// Helpers of the package's tests: the server (CHAT_URL, required), clients, accounts, waiting.

import { ChatClient, type ChatClientOptions, type Message } from "../src/index.js";

declare const process: { env: Record<string, string | undefined> };

const URL_ = process.env.CHAT_URL;
if (!URL_) throw new Error("CHAT_URL is not set: start a chat-server and run with CHAT_URL=http://127.0.0.1:3000");
export const url: string = URL_;

export const PASSWORD = "correct horse battery staple";
export const run = Date.now().toString(36);
export const opened: ChatClient[] = [];

export function client(options: Partial<ChatClientOptions> = {}): ChatClient {
  const c = new ChatClient({ url, ...options });
  opened.push(c);
  return c;
}

/** A user registered for this run, with a client of their own that lives through the suite. */
export async function user(name: string): Promise<{ username: string; id: string; client: ChatClient }> {
  const username = `pkg_${name}_${run}`;
  const c = client();
  const me = await c.register({ username, password: PASSWORD, displayName: name });
  return { username, id: me.id, client: c };
}

export async function waitFor(what: string, done: () => boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or a failure naming `what` after `ms`. */
export function within<T>(what: string, promise: Promise<T>, ms = 10_000): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`timed out waiting for ${what}`)))]);
}

/** The `message` events of one conversation. */
export function messages(c: ChatClient, conversationId: string): Message[] {
  const list: Message[] = [];
  c.on("message", (m) => {
    if (m.conversationId === conversationId) list.push(m);
  });
  return list;
}

export const seqs = (list: readonly Message[]) => list.map((m) => m.seq);

/** The `exp` claim of an access token. */
export function expiry(token: string): number {
  const part = token.split(".")[1] ?? "";
  return (JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/"))) as { exp: number }).exp;
}
