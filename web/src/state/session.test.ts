import { describe, expect, it } from "vitest";
import { STORAGE_KEY, Session, SessionExpired, type TabCoordinator } from "./session";
import { MemoryStorage, ME, user } from "./testing";

function setup(opts: { status?: number } = {}) {
  let now = 1_000_000;
  const storage = new MemoryStorage();
  const calls: string[] = [];
  let n = 0;
  const fetch = async (_url: string, init: RequestInit) => {
    const { refreshToken } = JSON.parse(String(init.body));
    calls.push(refreshToken);
    await new Promise((r) => setTimeout(r, 5));
    if (opts.status) return new Response("{}", { status: opts.status });
    n++;
    return new Response(
      JSON.stringify({ user: user(ME), accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900 }),
      { status: 200 },
    );
  };
  const session = new Session({ storage, fetch, now: () => now });
  session.save({ user: user(ME), accessToken: "access-0", refreshToken: "refresh-0", expiresIn: 900 });
  return { session, storage, calls, advance: (ms: number) => (now += ms) };
}

describe("the session", () => {
  it("uses the stored access token while it is fresh", async () => {
    const { session, calls } = setup();
    expect(await session.accessToken()).toBe("access-0");
    expect(calls).toEqual([]);
  });

  it("refreshes shortly before expiry", async () => {
    const { session, calls, advance } = setup();
    advance(850_000);
    expect(await session.accessToken()).toBe("access-1");
    expect(calls).toEqual(["refresh-0"]);
  });

  it("sends a refresh token once however many callers need a new token at the same time", async () => {
    const { session, calls } = setup();
    const tokens = await Promise.all([session.refresh(), session.refresh(), session.refresh()]);
    expect(calls).toEqual(["refresh-0"]);
    expect(tokens.map((t) => t.accessToken)).toEqual(["access-1", "access-1", "access-1"]);
    // The rotated token is the one used next time, never the spent one.
    await session.refresh();
    expect(calls).toEqual(["refresh-0", "refresh-1"]);
  });

  it("adopts tokens another tab stored instead of spending the refresh token again", async () => {
    const { session, storage, calls } = setup();
    const other = new Session({ storage, fetch: async () => new Response("", { status: 500 }) });
    other.save({ user: user(ME), accessToken: "from-other-tab", refreshToken: "r-other", expiresIn: 900 });
    const s = await session.refresh("access-0");
    expect(s.accessToken).toBe("from-other-tab");
    expect(calls).toEqual([]);
  });

  it("ends the login when the server refuses the refresh token", async () => {
    const { session, storage } = setup({ status: 401 });
    await expect(session.refresh()).rejects.toBeInstanceOf(SessionExpired);
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    await expect(session.accessToken()).rejects.toBeInstanceOf(SessionExpired);
  });

  it("keeps the login through a server error, to try again later", async () => {
    const { session, storage } = setup({ status: 503 });
    await expect(session.refresh()).rejects.toThrow("503");
    expect(storage.getItem(STORAGE_KEY)).not.toBeNull();
  });

  it("asks the leading tab when it does not lead, and takes the tokens the leader stores", async () => {
    const { session: leader, storage, calls } = setup();
    const requests: (string | undefined)[] = [];
    const follower = new Session({
      storage,
      now: () => 1_000_000,
      fetch: async () => {
        throw new Error("a following tab must not spend the refresh token");
      },
      tabs: {
        isLeader: () => false,
        requestRefresh: (stale) => {
          requests.push(stale);
          void leader.refresh(stale);
        },
        waitFor: async (done) => {
          for (let i = 0; i < 50 && !done(); i++) await new Promise((r) => setTimeout(r, 2));
          return done();
        },
      } satisfies TabCoordinator,
    });
    const s = await follower.refresh("access-0");
    expect(requests).toEqual(["access-0"]);
    expect(calls).toEqual(["refresh-0"]);
    expect(s.accessToken).toBe("access-1");
  });

  it("refreshes by itself when no leading tab answers", async () => {
    const { storage } = setup();
    const spent: string[] = [];
    const lonely = new Session({
      storage,
      fetch: async (_url, init) => {
        spent.push(JSON.parse(String(init.body)).refreshToken);
        return new Response(JSON.stringify({ user: user(ME), accessToken: "a", refreshToken: "r", expiresIn: 900 }));
      },
      tabs: { isLeader: () => false, requestRefresh: () => {}, waitFor: async () => false },
    });
    expect((await lonely.refresh("access-0")).accessToken).toBe("a");
    expect(spent).toEqual(["refresh-0"]);
  });
});
