import { describe, expect, it } from "vitest";
import { ChatClient, type ChatApi } from "./client";
import type { Job, Message, Upload } from "../api/types";
import { buildTimeline } from "./timeline";
import { CONV, FakeTransport, ME, MemoryStorage, msg, settle, summary, user } from "./testing";

/** A server that stores uploads at once and processes them when `process()` is called. */
function setup() {
  const jobs = new Map<string, Job>();
  const finishers: ((u: Upload) => void)[] = [];
  const api = {
    conversations: async () => [summary()],
    history: async () => ({ items: [], hasMore: false }),
    user: async (id: string) => user(id),
    upload: (_file: Blob, _name: string, progress: (l: number, t: number) => void) => {
      progress(5, 10);
      return {
        promise: new Promise<Upload>((resolve) => finishers.push(resolve)),
        abort: () => {},
      };
    },
    job: async (id: string) => jobs.get(id)!,
  } as unknown as ChatApi;
  const transport = new FakeTransport();
  let seq = 0;
  const sent: Message[] = [];
  transport.answer("sendMessage", (p) => {
    const m = msg(++seq, {
      senderId: ME,
      type: p.attachmentIds?.length ? "image" : "text",
      content: p.content ?? "",
      clientMsgId: p.clientMsgId,
      attachments: (p.attachmentIds ?? []).map((id) => ({ id, url: `/f/${id}`, contentType: "image/png", size: 10, thumbnailUrl: `/t/${id}` })),
    });
    sent.push(m);
    return { ok: true, message: m };
  });
  const client = new ChatClient({ me: user(ME), api, transport, storage: new MemoryStorage() });
  const finishUpload = (id: string, fileName = "cat.png") =>
    finishers.shift()!({ id, url: `/f/${id}`, contentType: "image/png", size: 10, jobId: `job-${id}`, fileName });
  const completed = (id: string): Job => ({
    id: `job-${id}`,
    kind: "image",
    status: "completed",
    attempts: 1,
    result: { width: 4, height: 3, thumbnailUrl: `/t/${id}` },
    createdAt: "",
    updatedAt: "",
  });
  return { client, transport, jobs, sent, finishUpload, completed };
}

describe("sending a file from the chat client", () => {
  it("waits for the job to complete (jobUpdated), then sends attachmentIds without empty content", async () => {
    const { client, transport, sent, finishUpload, completed } = setup();
    client.start();
    client.open(CONV);
    await settle();
    client.sendFile(CONV, new Blob([new Uint8Array(10)], { type: "image/png" }), "cat.png");
    expect(client.getState().uploads.map((u) => [u.fileName, u.phase, u.loaded])).toEqual([["cat.png", "uploading", 5]]);

    finishUpload("u1");
    await settle();
    expect(client.getState().uploads.map((u) => u.phase)).toEqual(["processing"]);
    expect(transport.emitted("sendMessage")).toEqual([]);

    transport.fire("jobUpdated", completed("u1"));
    await settle();
    const payload = transport.emitted("sendMessage")[0];
    expect(payload).toEqual({ conversationId: CONV, clientMsgId: expect.any(String), attachmentIds: ["u1"] });
    expect(client.getState().uploads).toEqual([]);
    expect(client.getState().outbox).toEqual([]);
    expect(sent.map((m) => m.attachments.map((a) => a.id))).toEqual([["u1"]]);
    expect(client.getState().threads[CONV]!.messages.map((m) => m.type)).toEqual(["image"]);
    client.stop();
  });

  it("shows the file as a pending message with its attachment while offline, and sends it once back", async () => {
    const { client, transport, finishUpload, completed } = setup();
    client.start();
    client.open(CONV);
    await settle();
    client.sendFile(CONV, new Blob(["x"]), "cat.png", "a caption");
    finishUpload("u2");
    await settle();
    client.setNetwork(false);
    transport.fire("jobUpdated", completed("u2")); // the news came as the network went
    const s = client.getState();
    const timeline = buildTimeline(s.threads[CONV]!.messages, s.outbox, ME);
    expect(timeline.map((i) => (i.kind === "pending" ? [i.outgoing.content, i.outgoing.attachments?.[0]?.thumbnailUrl] : null))).toEqual([
      ["a caption", "/t/u2"],
    ]);
    client.setNetwork(true);
    await settle();
    expect(transport.emitted("sendMessage").map((p) => [p.content, p.attachmentIds])).toEqual([["a caption", ["u2"]]]);
    client.stop();
  });

  it("asks about the job after a reconnect when its event was missed", async () => {
    const { client, transport, jobs, finishUpload, completed } = setup();
    client.start();
    await settle();
    client.sendFile(CONV, new Blob(["x"]), "cat.png");
    finishUpload("u3");
    await settle();
    transport.disconnect("transport close");
    jobs.set("job-u3", completed("u3"));
    transport.connect();
    await settle();
    expect(transport.emitted("sendMessage").map((p) => p.attachmentIds)).toEqual([["u3"]]);
    client.stop();
  });
});
