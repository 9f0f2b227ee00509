import { describe, expect, it } from "vitest";
import type { ProfilePatch, User } from "../api/types";
import { People, profilePatch, type PeopleDeps } from "./people";
import { FakeTransport, ME, PEER, settle, storeWith, user } from "./testing";

function harness(api: Partial<PeopleDeps["api"]> = {}) {
  const store = storeWith();
  const transport = new FakeTransport();
  const people = new People({ store, api: api as PeopleDeps["api"], transport, stopped: () => false });
  return { store, transport, people };
}

describe("a sender whose account was deleted", () => {
  it("is shown as a deleted user and not asked for again", async () => {
    const asked: string[] = [];
    const h = harness({
      user: async (id: string) => {
        asked.push(id);
        throw Object.assign(new Error("user not found"), { status: 404 });
      },
    });
    h.people.ensure([PEER]);
    await settle();
    expect(h.store.getState().users[PEER]?.displayName).toBe("Deleted user");
    h.people.ensure([PEER]);
    await settle();
    expect(asked).toEqual([PEER]);
  });

  it("is not mistaken for one when the server fails for another reason", async () => {
    const h = harness({
      user: async () => {
        throw Object.assign(new Error("unavailable"), { status: 503 });
      },
    });
    h.people.ensure([PEER]);
    await settle();
    expect(h.store.getState().users[PEER]).toBeUndefined();
  });
});

describe("the people the client knows of", () => {
  it("asks for each profile once, however often it is needed meanwhile", async () => {
    const asked: string[] = [];
    const h = harness({ user: async (id: string) => (asked.push(id), user(id)) });
    h.people.ensure([PEER, PEER, ME]);
    h.people.ensure([PEER]);
    await settle();
    expect(asked).toEqual([PEER]);
    expect(h.store.getState().users[PEER]?.id).toBe(PEER);
  });

  it("asks again for everyone but me when presence may have changed (a reconnect)", async () => {
    const asked: string[] = [];
    const h = harness({ user: async (id: string) => (asked.push(id), user(id)) });
    h.people.remember(user(PEER));
    h.people.refreshPresence();
    await settle();
    expect(asked).toEqual([PEER]);
  });

  it("follows presence events of the people held, mine included", () => {
    const h = harness();
    h.people.remember(user(PEER));
    h.people.onStatus({ userId: PEER, status: "away", lastSeen: "2024-01-02T00:00:00Z" });
    h.people.onStatus({ userId: ME, status: "busy" });
    h.people.onStatus({ userId: "stranger", status: "online" });
    const s = h.store.getState();
    expect(s.users[PEER]).toMatchObject({ status: "away", lastSeen: "2024-01-02T00:00:00Z" });
    expect(s.me.status).toBe("busy");
    expect(s.users.stranger).toBeUndefined();
  });

  it("sets my presence, and says why when it cannot", async () => {
    const h = harness();
    h.transport.connect();
    h.transport.answer("setStatus", (p) => ({ ok: true, userId: ME, status: p.status }));
    expect(await h.people.setStatus("away")).toBeNull();
    expect(h.store.getState().me.status).toBe("away");
    h.transport.answer("setStatus", () => ({ ok: false, error: { code: "bad_request", message: "no such status" } }));
    expect(await h.people.setStatus("busy")).toBe("no such status");
    h.transport.disconnect();
    expect(await h.people.setStatus("busy")).toBe("You are offline.");
  });
});

describe("my profile", () => {
  it("is saved trimmed, with emptied fields cleared", () => {
    expect(profilePatch({ displayName: " Ann ", bio: "  ", avatarUrl: " https://a.example/p.png ", lastSeenVisibility: "nobody" })).toEqual({
      displayName: "Ann",
      bio: null,
      avatarUrl: "https://a.example/p.png",
      lastSeenVisibility: "nobody",
    });
  });

  it("shows the saved profile everywhere at once", async () => {
    const sent: ProfilePatch[] = [];
    const h = harness({
      updateMe: async (patch: ProfilePatch): Promise<User> => {
        sent.push(patch);
        return { ...user(ME), displayName: patch.displayName!, bio: patch.bio ?? null };
      },
    });
    const saved = await h.people.updateProfile({ displayName: "Ann", bio: "hi", avatarUrl: "", lastSeenVisibility: "everyone" });
    expect(sent).toEqual([{ displayName: "Ann", bio: "hi", avatarUrl: null, lastSeenVisibility: "everyone" }]);
    expect(saved.displayName).toBe("Ann");
    expect(h.store.getState().me.displayName).toBe("Ann");
    expect(h.store.getState().users[ME]?.bio).toBe("hi");
  });

  it("blocks and unblocks through the API", async () => {
    const calls: string[] = [];
    const h = harness({ block: async (id: string) => void calls.push(`block ${id}`), unblock: async (id: string) => void calls.push(`unblock ${id}`) });
    await h.people.block(PEER);
    await h.people.unblock(PEER);
    expect(calls).toEqual([`block ${PEER}`, `unblock ${PEER}`]);
  });
});
