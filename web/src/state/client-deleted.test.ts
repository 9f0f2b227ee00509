import { describe, expect, it } from "vitest";
import { ChatClient, type ChatApi } from "./client";
import { FakeTransport, ME, MemoryStorage, PEER, settle, user } from "./testing";

describe("a sender whose account was deleted", () => {
  it("is shown as a deleted user and not asked for again", async () => {
    const asked: string[] = [];
    const api = {
      conversations: async () => [],
      user: async (id: string) => {
        asked.push(id);
        throw Object.assign(new Error("user not found"), { status: 404 });
      },
    } as unknown as ChatApi;
    const client = new ChatClient({ me: user(ME), api, transport: new FakeTransport(), storage: new MemoryStorage() });
    client.ensureUsers([PEER]);
    await settle();
    expect(client.getState().users[PEER]?.displayName).toBe("Deleted user");
    client.ensureUsers([PEER]);
    await settle();
    expect(asked).toEqual([PEER]);
  });

  it("is not mistaken for one when the server fails for another reason", async () => {
    const api = {
      conversations: async () => [],
      user: async () => {
        throw Object.assign(new Error("unavailable"), { status: 503 });
      },
    } as unknown as ChatApi;
    const client = new ChatClient({ me: user(ME), api, transport: new FakeTransport(), storage: new MemoryStorage() });
    client.ensureUsers([PEER]);
    await settle();
    expect(client.getState().users[PEER]).toBeUndefined();
  });
});
