import { describe, expect, it } from "vitest";
import type { Outgoing } from "./outbox";
import { sendPayload } from "./sending";
import { CONV } from "./testing";

const item = (over: Partial<Outgoing>): Outgoing => ({
  clientMsgId: "c-1",
  conversationId: CONV,
  content: "hello",
  createdAt: "2024-01-01T00:00:00Z",
  status: "pending",
  attempts: 0,
  ...over,
});

describe("what sendMessage carries", () => {
  it("is the text with its clientMsgId, and the message replied to when there is one", () => {
    expect(sendPayload(item({}))).toEqual({ conversationId: CONV, content: "hello", clientMsgId: "c-1" });
    expect(sendPayload(item({ replyToId: "m-1" }))).toEqual({ conversationId: CONV, content: "hello", clientMsgId: "c-1", replyToId: "m-1" });
  });

  it("leaves out empty text beside attachments, and keeps a caption", () => {
    expect(sendPayload(item({ content: "", attachmentIds: ["f1"] }))).toEqual({ conversationId: CONV, clientMsgId: "c-1", attachmentIds: ["f1"] });
    expect(sendPayload(item({ content: "look", attachmentIds: ["f1"] }))).toEqual({
      conversationId: CONV,
      content: "look",
      clientMsgId: "c-1",
      attachmentIds: ["f1"],
    });
  });

  it("keeps empty text without attachments (the server refuses it and says why)", () => {
    expect(sendPayload(item({ content: "", attachmentIds: [] }))).toEqual({ conversationId: CONV, content: "", clientMsgId: "c-1" });
  });
});
