import { afterEach, describe, expect, it, vi } from "vitest";
import type { Attachment, Job, Upload } from "../api/types";
import { ApiError } from "../api/rest";
import {
  Uploader,
  afterJob,
  attachmentOf,
  formatBytes,
  pollDelay,
  progressOf,
  uploadErrorText,
  type UploadTask,
} from "./uploads";
import { CONV, settle } from "./testing";

afterEach(() => vi.useRealTimers());

const upload = (over: Partial<Upload> = {}): Upload => ({
  id: "up-1",
  url: "/files/up-1?sig=abc",
  contentType: "image/png",
  size: 2048,
  jobId: "job-1",
  fileName: "cat.png",
  ...over,
});

const job = (status: Job["status"], over: Partial<Job> = {}): Job => ({
  id: "job-1",
  kind: "image",
  status,
  attempts: 1,
  createdAt: "2024-05-01T12:00:00Z",
  updatedAt: "2024-05-01T12:00:01Z",
  ...over,
});

/** An uploader over fakes: each upload waits for `server.finish(n)`; jobs answer from `server.jobs`. */
function harness() {
  const calls: { name: string; progress: (l: number, t: number) => void; resolve: (u: Upload) => void; reject: (e: unknown) => void; aborted: boolean }[] = [];
  const jobs = new Map<string, Job>();
  const jobCalls: string[] = [];
  const ready: { task: UploadTask; attachment: Attachment }[] = [];
  const uploader = new Uploader({
    upload: (_file, name, progress) => {
      let resolve!: (u: Upload) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<Upload>((res, rej) => ((resolve = res), (reject = rej)));
      const call = { name, progress, resolve, reject, aborted: false };
      calls.push(call);
      return {
        promise,
        abort: () => {
          call.aborted = true;
          reject(new DOMException("cancelled", "AbortError"));
        },
      };
    },
    job: async (id) => {
      jobCalls.push(id);
      const j = jobs.get(id);
      if (!j) throw new ApiError(404, "not_found", "job not found");
      return j;
    },
    onReady: (task, attachment) => ready.push({ task, attachment }),
    onChange: () => {},
    pollDelay: () => 1000,
  });
  const file = new Blob([new Uint8Array(2048)], { type: "image/png" });
  const phases = () => uploader.list().map((t) => t.phase);
  return { uploader, calls, jobs, jobCalls, ready, file, phases };
}

describe("sending a file", () => {
  it("reports upload progress, then waits for the job, then hands over the processed attachment once", async () => {
    const h = harness();
    const task = h.uploader.add(CONV, h.file, "cat.png", "look");
    expect(h.phases()).toEqual(["uploading"]);
    h.calls[0]!.progress(512, 2048);
    expect(progressOf(h.uploader.list()[0]!)).toBe(0.25);

    h.calls[0]!.resolve(upload());
    await settle();
    expect(h.phases()).toEqual(["processing"]);
    expect(h.ready).toEqual([]);

    h.uploader.onJob(job("processing"));
    expect(h.ready).toEqual([]);
    h.uploader.onJob(job("completed", { result: { width: 640, height: 480, thumbnailUrl: "/files/up-1/thumb?sig=x" } }));
    h.uploader.onJob(job("completed"));
    expect(h.ready).toHaveLength(1);
    expect(h.ready[0]!.task.localId).toBe(task.localId);
    expect(h.ready[0]!.task.caption).toBe("look");
    expect(h.ready[0]!.attachment).toMatchObject({ id: "up-1", width: 640, height: 480, thumbnailUrl: "/files/up-1/thumb?sig=x", fileName: "cat.png" });
    expect(h.ready[0]!.attachment).not.toHaveProperty("jobId");
    expect(h.uploader.list()).toEqual([]);
  });

  it("uses a job event that arrives before the upload's own answer", async () => {
    const h = harness();
    h.uploader.add(CONV, h.file, "cat.png");
    h.uploader.onJob(job("completed", { result: { width: 2, height: 2, thumbnailUrl: "/t" } }));
    expect(h.ready).toEqual([]);
    h.calls[0]!.resolve(upload());
    await settle();
    expect(h.ready.map((r) => r.attachment.thumbnailUrl)).toEqual(["/t"]);
  });

  it("polls the job when no event comes, and sends once it is completed", async () => {
    vi.useFakeTimers();
    const h = harness();
    h.uploader.add(CONV, h.file, "report.pdf");
    h.calls[0]!.resolve(upload({ contentType: "application/pdf", fileName: "report.pdf" }));
    h.jobs.set("job-1", job("pending"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.jobCalls).toEqual(["job-1"]);
    expect(h.ready).toEqual([]);
    h.jobs.set("job-1", job("completed"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.jobCalls).toEqual(["job-1", "job-1"]);
    expect(h.ready.map((r) => r.attachment.fileName)).toEqual(["report.pdf"]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.jobCalls).toHaveLength(2);
  });

  it("asks about jobs at once after a reconnect", async () => {
    const h = harness();
    h.uploader.add(CONV, h.file, "cat.png");
    h.calls[0]!.resolve(upload());
    await settle();
    h.jobs.set("job-1", job("completed"));
    h.uploader.pollNow();
    await settle();
    expect(h.ready).toHaveLength(1);
  });

  it("shows a failed job's error and sends nothing", async () => {
    const h = harness();
    h.uploader.add(CONV, h.file, "cat.png");
    h.calls[0]!.resolve(upload());
    await settle();
    h.uploader.onJob(job("failed", { error: "not a decodable image" }));
    expect(h.uploader.list().map((t) => [t.phase, t.error, t.retryable])).toEqual([
      ["failed", "The file could not be processed: not a decodable image", false],
    ]);
    expect(h.ready).toEqual([]);
  });

  it("explains a file too large (413) or of a refused kind (415), without offering a retry", async () => {
    const h = harness();
    h.uploader.add(CONV, h.file, "huge.png");
    h.uploader.add(CONV, h.file, "evil.exe");
    h.calls[0]!.reject(new ApiError(413, "payload_too_large", "too large"));
    h.calls[1]!.reject(new ApiError(415, "unsupported_media_type", "nope"));
    await settle();
    expect(h.uploader.list().map((t) => [t.fileName, t.error, t.retryable])).toEqual([
      ["huge.png", "This file is too large to send.", false],
      ["evil.exe", "This kind of file cannot be sent.", false],
    ]);
  });

  it("retries an upload that failed for want of network, from the start", async () => {
    const h = harness();
    const task = h.uploader.add(CONV, h.file, "cat.png");
    h.calls[0]!.reject(new TypeError("network error"));
    await settle();
    expect(h.uploader.list()[0]!.retryable).toBe(true);
    h.uploader.retry(task.localId);
    expect(h.calls).toHaveLength(2);
    expect(h.phases()).toEqual(["uploading"]);
    h.calls[1]!.resolve(upload());
    h.jobs.set("job-1", job("completed"));
    await settle();
    h.uploader.pollNow();
    await settle();
    expect(h.ready).toHaveLength(1);
  });

  it("cancels an upload in progress: the request is aborted and nothing is sent", async () => {
    const h = harness();
    const task = h.uploader.add(CONV, h.file, "cat.png");
    h.uploader.cancel(task.localId);
    expect(h.calls[0]!.aborted).toBe(true);
    expect(h.uploader.list()).toEqual([]);
    await settle();
    h.uploader.onJob(job("completed"));
    expect(h.ready).toEqual([]);
  });

  it("cancels a file being processed: its completion sends nothing and polling stops", async () => {
    vi.useFakeTimers();
    const h = harness();
    const task = h.uploader.add(CONV, h.file, "cat.png");
    h.calls[0]!.resolve(upload());
    await vi.advanceTimersByTimeAsync(0);
    h.uploader.cancel(task.localId);
    h.uploader.onJob(job("completed"));
    h.jobs.set("job-1", job("completed"));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.ready).toEqual([]);
    expect(h.jobCalls).toEqual([]);
  });

  it("fails every file of a conversation that closed, aborting the uploads", async () => {
    const h = harness();
    h.uploader.add(CONV, h.file, "a.png");
    h.uploader.add("other", h.file, "b.png");
    h.uploader.failConversation(CONV, "This flash group has expired");
    expect(h.calls[0]!.aborted).toBe(true);
    expect(h.calls[1]!.aborted).toBe(false);
    expect(h.uploader.list().map((t) => [t.fileName, t.phase, t.error])).toEqual([
      ["a.png", "failed", "This flash group has expired"],
      ["b.png", "uploading", undefined],
    ]);
  });
});

describe("upload helpers", () => {
  it("formats sizes for people", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(900)).toBe("900 bytes");
    expect(formatBytes(2048)).toBe("2 KB");
    expect(formatBytes(1_572_864)).toBe("1.5 MB");
  });

  it("keeps the upload's own image facts when the job result has none", () => {
    const a = attachmentOf(upload({ width: 10, height: 20, thumbnailUrl: "/u" }), job("completed", { result: {} }));
    expect([a.width, a.height, a.thumbnailUrl]).toEqual([10, 20, "/u"]);
  });

  it("ignores news of another job", () => {
    const task: UploadTask = {
      localId: "l",
      conversationId: CONV,
      fileName: "x",
      contentType: "image/png",
      size: 1,
      phase: "processing",
      loaded: 1,
      total: 1,
      upload: upload(),
      caption: "",
    };
    expect(afterJob(task, job("completed", { id: "job-2" }))).toEqual({ next: task });
  });

  it("backs off polling from 1 s to at most 5 s", () => {
    expect([1, 2, 3, 4, 5, 10].map(pollDelay)).toEqual([1000, 1500, 2250, 3375, 5000, 5000]);
  });

  it("offers a retry for server errors but not for refused requests", () => {
    expect(uploadErrorText(new ApiError(500, "internal", "boom")).retryable).toBe(true);
    expect(uploadErrorText(new ApiError(400, "bad_request", "no file")).retryable).toBe(false);
  });
});
