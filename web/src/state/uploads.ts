// Files being sent: each is uploaded (`POST /api/uploads`, with progress), then processed by the
// server (a job: `jobUpdated` events, or polling `GET /api/jobs/{id}` when they do not come), and
// only once its job is `completed` attached to a message (the server refuses uploads still being
// processed). Then it leaves this list and goes through the outbox like any message.

import type { Attachment, Job, Upload } from "../api/types";

export type UploadPhase = "uploading" | "processing" | "failed";

/** One file on its way, as the composer shows it. */
export interface UploadTask {
  localId: string;
  conversationId: string;
  fileName: string;
  contentType: string;
  size: number;
  phase: UploadPhase;
  /** Bytes sent so far, of `total`. */
  loaded: number;
  total: number;
  /** The server's answer to the upload (from the `processing` phase on). */
  upload?: Upload;
  error?: string;
  /** A failure that may go away by trying again (network, server error), unlike 413 or 415. */
  retryable?: boolean;
  /** Text to send along with the file. */
  caption: string;
}

/** How far the upload is, 0 to 1 (processing counts as done). */
export function progressOf(task: Pick<UploadTask, "phase" | "loaded" | "total">): number {
  if (task.phase === "processing") return 1;
  if (task.total <= 0) return 0;
  return Math.min(1, Math.max(0, task.loaded / task.total));
}

/** "1.2 MB", "340 KB", "12 bytes". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? "" : "s"}`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

export function isImage(a: Pick<Attachment, "contentType">): boolean {
  return a.contentType.startsWith("image/");
}

/** What an upload that failed says, from the HTTP status (413, 415) or the error. */
export function uploadErrorText(error: unknown): { text: string; retryable: boolean } {
  const status = (error as { status?: number }).status;
  if (status === 413) return { text: "This file is too large to send.", retryable: false };
  if (status === 415) return { text: "This kind of file cannot be sent.", retryable: false };
  if (error instanceof TypeError) return { text: "The upload failed: the server cannot be reached.", retryable: true };
  const message = error instanceof Error ? error.message : String(error);
  return { text: `The upload failed: ${message}`, retryable: status === undefined || status >= 500 || status === 429 };
}

/** What a failed job says. */
export function jobErrorText(job: Job): string {
  const detail = job.error ?? "";
  return detail ? `The file could not be processed: ${detail}` : "The file could not be processed.";
}

/** The attachment a message will carry: the upload, completed with what its job found (image size, thumbnail). */
export function attachmentOf(upload: Upload, job?: Job): Attachment {
  const r = job?.status === "completed" ? job.result : undefined;
  const { jobId: _job, ...stored } = upload;
  return {
    ...stored,
    width: r?.width ?? upload.width ?? null,
    height: r?.height ?? upload.height ?? null,
    thumbnailUrl: r?.thumbnailUrl ?? upload.thumbnailUrl ?? null,
  };
}

/** Where a task goes with news of its job: still waiting, ready to send, or failed. */
export function afterJob(task: UploadTask, job: Job): { next: UploadTask; ready?: Attachment } {
  if (task.phase !== "processing" || !task.upload || task.upload.jobId !== job.id) return { next: task };
  if (job.status === "completed") return { next: task, ready: attachmentOf(task.upload, job) };
  if (job.status === "failed") return { next: { ...task, phase: "failed", error: jobErrorText(job), retryable: false } };
  return { next: task };
}

/** The delay before the nth poll of a job (1 s, 1.5 s, 2.25 s … up to 5 s). */
export function pollDelay(attempt: number): number {
  return Math.min(5000, Math.round(1000 * 1.5 ** Math.max(0, attempt - 1)));
}

export interface UploadCall {
  promise: Promise<Upload>;
  abort(): void;
}

export interface UploaderDeps {
  /** Starts `POST /api/uploads`. */
  upload(file: Blob, fileName: string, onProgress: (loaded: number, total: number) => void): UploadCall;
  /** `GET /api/jobs/{id}`. */
  job(id: string): Promise<Job>;
  /** The file is stored and processed: send the message now. */
  onReady(task: UploadTask, attachment: Attachment): void;
  /** The list changed (to redraw). */
  onChange(tasks: readonly UploadTask[]): void;
  pollDelay?(attempt: number): number;
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
}

let counter = 0;

/** Runs the uploads: progress, waiting for the job, cancel, retry. */
export class Uploader {
  private tasks: UploadTask[] = [];
  private readonly files = new Map<string, Blob>();
  private readonly calls = new Map<string, UploadCall>();
  private readonly polls = new Map<string, { timer: unknown; attempt: number }>();
  /** Job news that came before the upload's own answer (a fast job, a slow HTTP response). */
  private readonly early = new Map<string, Job>();

  constructor(private readonly deps: UploaderDeps) {}

  list(): readonly UploadTask[] {
    return this.tasks;
  }

  /** Starts sending `file` to `conversationId` (with `caption` as the message text). */
  add(conversationId: string, file: Blob, fileName: string, caption = ""): UploadTask {
    const task: UploadTask = {
      localId: `upload-${Date.now().toString(36)}-${++counter}`,
      conversationId,
      fileName,
      contentType: file.type || "application/octet-stream",
      size: file.size,
      phase: "uploading",
      loaded: 0,
      total: file.size,
      caption,
    };
    this.files.set(task.localId, file);
    this.tasks = [...this.tasks, task];
    this.changed();
    this.start(task);
    return task;
  }

  private start(task: UploadTask): void {
    const file = this.files.get(task.localId);
    if (!file) return;
    const call = this.deps.upload(file, task.fileName, (loaded, total) => {
      const now = this.get(task.localId);
      if (now?.phase === "uploading") this.update(task.localId, { loaded, total: total || now.total });
    });
    this.calls.set(task.localId, call);
    call.promise.then(
      (upload) => {
        this.calls.delete(task.localId);
        const now = this.get(task.localId);
        if (!now || now.phase !== "uploading") return; // cancelled meanwhile
        this.update(task.localId, { phase: "processing", upload, loaded: now.total, error: undefined });
        const known = this.early.get(upload.jobId);
        this.early.delete(upload.jobId);
        if (known) this.onJob(known);
        if (this.get(task.localId)?.phase === "processing") this.schedulePoll(task.localId, 1);
      },
      (error: unknown) => {
        this.calls.delete(task.localId);
        if (!this.get(task.localId) || (error as Error)?.name === "AbortError") return;
        const { text, retryable } = uploadErrorText(error);
        this.update(task.localId, { phase: "failed", error: text, retryable });
      },
    );
  }

  /** A job's news (`jobUpdated`, or a poll's answer). */
  onJob(job: Job): void {
    const task = this.tasks.find((t) => t.upload?.jobId === job.id);
    if (!task) {
      // Maybe ours, before the upload's answer: kept for a moment (a few at most).
      if (this.tasks.some((t) => t.phase === "uploading")) {
        this.early.set(job.id, job);
        if (this.early.size > 50) this.early.delete(this.early.keys().next().value!);
      }
      return;
    }
    const { next, ready } = afterJob(task, job);
    if (ready) {
      this.finish(task.localId);
      this.deps.onReady(task, ready);
    } else if (next !== task) {
      this.stopPolling(task.localId);
      this.files.delete(task.localId);
      this.replace(next);
    }
  }

  /** Asks at once about every job still being processed (after a reconnect: events were missed). */
  pollNow(): void {
    for (const t of this.tasks) if (t.phase === "processing") this.schedulePoll(t.localId, 1, 0);
  }

  private schedulePoll(localId: string, attempt: number, delay?: number): void {
    this.stopPolling(localId);
    const setTimer = this.deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    const ms = delay ?? (this.deps.pollDelay ?? pollDelay)(attempt);
    const timer = setTimer(() => void this.poll(localId, attempt), ms);
    this.polls.set(localId, { timer, attempt });
  }

  private async poll(localId: string, attempt: number): Promise<void> {
    this.polls.delete(localId);
    const task = this.get(localId);
    if (!task || task.phase !== "processing" || !task.upload) return;
    try {
      this.onJob(await this.deps.job(task.upload.jobId));
    } catch (error) {
      if ((error as { status?: number }).status === 404) {
        this.stopPolling(localId);
        this.update(localId, { phase: "failed", error: "The server lost this upload.", retryable: true });
        return;
      }
      // Offline or a server hiccup: ask again later.
    }
    if (this.get(localId)?.phase === "processing" && !this.polls.has(localId)) this.schedulePoll(localId, attempt + 1);
  }

  private stopPolling(localId: string): void {
    const poll = this.polls.get(localId);
    if (!poll) return;
    const clear = this.deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    clear(poll.timer);
    this.polls.delete(localId);
  }

  /** Stops a file: the upload is aborted, or its processing no longer awaited; nothing is sent. */
  cancel(localId: string): void {
    this.calls.get(localId)?.abort();
    this.calls.delete(localId);
    this.finish(localId);
  }

  /** Sends a failed file again from the start. */
  retry(localId: string): void {
    const task = this.get(localId);
    if (!task || task.phase !== "failed" || !this.files.has(localId)) return;
    const fresh: UploadTask = { ...task, phase: "uploading", loaded: 0, upload: undefined, error: undefined, retryable: undefined };
    this.replace(fresh);
    this.start(fresh);
  }

  /** Stops every file for a conversation that cannot take messages any more (an expired flash group). */
  failConversation(conversationId: string, error: string): void {
    for (const t of this.tasks.filter((x) => x.conversationId === conversationId && x.phase !== "failed")) {
      this.calls.get(t.localId)?.abort();
      this.calls.delete(t.localId);
      this.stopPolling(t.localId);
      this.files.delete(t.localId);
      this.replace({ ...t, phase: "failed", error, retryable: false });
    }
  }

  /** Forgets the files of a conversation gone from the list. */
  dropConversation(conversationId: string): void {
    for (const t of this.tasks.filter((x) => x.conversationId === conversationId)) this.cancel(t.localId);
  }

  /** Stops everything (logout, page closed). */
  clear(): void {
    for (const t of this.tasks) this.cancel(t.localId);
  }

  private finish(localId: string): void {
    this.stopPolling(localId);
    this.files.delete(localId);
    if (!this.get(localId)) return;
    this.tasks = this.tasks.filter((t) => t.localId !== localId);
    this.changed();
  }

  private get(localId: string): UploadTask | undefined {
    return this.tasks.find((t) => t.localId === localId);
  }

  private update(localId: string, patch: Partial<UploadTask>): void {
    const task = this.get(localId);
    if (task) this.replace({ ...task, ...patch });
  }

  private replace(task: UploadTask): void {
    this.tasks = this.tasks.map((t) => (t.localId === task.localId ? task : t));
    this.changed();
  }

  private changed(): void {
    this.deps.onChange(this.tasks);
  }
}
