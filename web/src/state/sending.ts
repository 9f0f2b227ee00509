// What this client sends: messages through the outbox (in order, resent until acknowledged, kept
// across reloads), files through the uploader (uploaded, processed, then sent as a message), and
// edits and deletions of stored messages.

import type { AckError, Attachment, DeleteScope, Job, Message, SendMessagePayload } from "../api/types";
import type { RestApi } from "../api/rest";
import type { ExpiryReason } from "./flash";
import { Outbox, newClientMsgId, type Outgoing } from "./outbox";
import type { DeviceStorage, Store } from "./store";
import type { Threads } from "./threads";
import { REQUEST_TIMEOUT_MS, type Transport } from "./transport";
import { Uploader, type UploadTask } from "./uploads";

export type SendingApi = Pick<RestApi, "editMessage" | "deleteMessage" | "upload" | "job">;

export interface SendingDeps {
  store: Store;
  api: SendingApi;
  transport: Transport;
  /** Where the outbox is kept across page loads. */
  device: DeviceStorage;
  threads: Pick<Threads, "accept" | "onDeleted" | "onUpdated">;
  /** A message was sent there: our typing state ends. */
  stopTyping(conversationId: string): void;
  /** A flash group turned out to be expired. */
  expire(id: string, reason: ExpiryReason): void;
  /** The local clock. */
  now(): number;
  /** Whether the client stopped (then nothing is sent). */
  stopped(): boolean;
}

/** The payload of `sendMessage` for an item: text, or attachments with text when there is some. */
export function sendPayload(item: Outgoing): SendMessagePayload {
  return {
    conversationId: item.conversationId,
    // May be empty with an attachment: then it is left out.
    ...(item.content || !item.attachmentIds?.length ? { content: item.content } : {}),
    clientMsgId: item.clientMsgId,
    ...(item.replyToId ? { replyToId: item.replyToId } : {}),
    ...(item.attachmentIds?.length ? { attachmentIds: item.attachmentIds } : {}),
  };
}

export class Sending {
  private readonly outbox: Outbox;
  private readonly uploader: Uploader;

  constructor(private readonly deps: SendingDeps) {
    const { store, transport, device } = deps;
    this.outbox = new Outbox(
      {
        send: (item) => transport.request("sendMessage", sendPayload(item), REQUEST_TIMEOUT_MS),
        canSend: () => !deps.stopped() && transport.connected,
        onStored: (_item, message) => deps.threads.accept(message.conversationId, [message], false),
        onChange: (items) => {
          store.set({ outbox: items });
          device.save("outbox", items);
        },
        onRefused: (item, error) => this.onRefused(item, error),
      },
      device.load<Outgoing[]>("outbox") ?? [],
    );
    this.uploader = new Uploader({
      upload: (file, name, onProgress) => deps.api.upload(file, name, onProgress),
      job: (id) => deps.api.job(id),
      onReady: (task, attachment) => this.sendAttachments(task.conversationId, task.caption, [attachment]),
      onChange: (uploads) => store.set({ uploads }),
    });
  }

  /** The queue saved by an earlier page load. */
  queued(): readonly Outgoing[] {
    return this.outbox.list();
  }

  /** Connected: sends what waits, and asks about the files still processing (their events were lost meanwhile). */
  resume(): void {
    void this.outbox.flush();
    this.uploader.pollNow();
  }

  /** `jobUpdated`: a file's processing moved on. */
  onJob(job: Job): void {
    this.uploader.onJob(job);
  }

  /** `receiveMessage`: one of ours may be in it before its ack (then it leaves the queue). */
  onReceive(m: Message): void {
    if (m.senderId === this.deps.store.getState().me.id && m.clientMsgId) this.outbox.remove(m.clientMsgId);
    this.deps.threads.accept(m.conversationId, [m], true);
  }

  private get expired() {
    return this.deps.store.getState().expired;
  }

  /** Queues a message; it shows as pending until the server acknowledges it. */
  send(conversationId: string, content: string, replyToId?: string | null): Outgoing | null {
    const text = content.trim();
    if (!text || this.expired[conversationId]) return null;
    this.deps.stopTyping(conversationId);
    return this.outbox.add({
      clientMsgId: newClientMsgId(),
      conversationId,
      content: text,
      replyToId: replyToId ?? null,
      createdAt: new Date().toISOString(),
    });
  }

  /** Queues a message carrying uploads whose jobs completed (`content` may be empty). */
  private sendAttachments(conversationId: string, content: string, attachments: Attachment[]): Outgoing | null {
    if (this.expired[conversationId] || attachments.length === 0) return null;
    return this.outbox.add({
      clientMsgId: newClientMsgId(),
      conversationId,
      content: content.trim(),
      attachmentIds: attachments.map((a) => a.id),
      attachments,
      createdAt: new Date(this.deps.now()).toISOString(),
    });
  }

  /**
   * Sends a file: uploads it (with progress), waits until the server has processed it, then sends
   * it as a message. It shows in `uploads` until then.
   */
  sendFile(conversationId: string, file: Blob, fileName: string, caption = ""): UploadTask | null {
    if (this.expired[conversationId]) return null;
    return this.uploader.add(conversationId, file, fileName, caption);
  }

  cancelUpload(localId: string): void {
    this.uploader.cancel(localId);
  }

  retryUpload(localId: string): void {
    this.uploader.retry(localId);
  }

  retrySend(clientMsgId: string): void {
    const item = this.deps.store.getState().outbox.find((o) => o.clientMsgId === clientMsgId);
    if (item && this.expired[item.conversationId]) return;
    this.outbox.retry(clientMsgId);
  }

  discard(clientMsgId: string): void {
    this.outbox.remove(clientMsgId);
  }

  async editMessage(message: Message, content: string): Promise<void> {
    const edited = await this.deps.api.editMessage(message.id, content.trim());
    // The answer carries no reactions: the ones shown stay.
    this.deps.threads.onUpdated(edited);
  }

  async deleteMessage(message: Message, scope: DeleteScope): Promise<void> {
    await this.deps.api.deleteMessage(message.id, scope);
    this.deps.threads.onDeleted({ conversationId: message.conversationId, messageId: message.id, scope });
  }

  /** A conversation closed for good (an expired flash group): nothing queued for it is sent. */
  failConversation(id: string, error: string): void {
    this.outbox.failConversation(id, error);
    this.uploader.failConversation(id, error);
  }

  /** A conversation gone from the list: what was queued for it has nowhere to show. */
  dropConversation(id: string): void {
    this.outbox.dropConversation(id);
    this.uploader.dropConversation(id);
  }

  /** Stops the uploads (the client stops); the outbox stays saved for the next page load. */
  stop(): void {
    this.uploader.clear();
  }

  /** Forgets everything queued, here and on the device (logout). */
  forget(): void {
    this.outbox.clear();
    this.uploader.clear();
    this.deps.device.remove("outbox");
  }

  private onRefused(item: Outgoing, error: AckError): void {
    if (error.code !== "not_found") return;
    const s = this.deps.store.getState();
    const c = s.conversations[item.conversationId];
    if (c?.kind === "flash") this.deps.expire(item.conversationId, "not_found");
    // A conversation gone while this waited (reload after it was deleted): nowhere to show it.
    else if (!c && s.listLoaded) this.outbox.remove(item.clientMsgId);
  }
}
