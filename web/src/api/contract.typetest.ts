// A type test, never executed (tsc checks it; vitest does not pick it up, the app does not import
// it). It proves that the client's use of the server's contracts is checked by `tsc`, through the
// types generated from openapi/asyncapi.json and openapi/openapi.json: each `@ts-expect-error`
// line below must fail to compile (were it to compile, `tsc` fails on the unused directive), and
// the other lines must compile. What it proves:
// - the socket (Socket.IO's own typed socket, and the app's Transport): an unknown event name, a
//   payload field of the wrong type, a missing required field, and a server-event handler taking
//   the wrong parameter type are refused; the acknowledgement is inferred from the event;
// - REST (RestApi.call over the generated `paths`): an unknown path, a method the path does not
//   answer, a missing path parameter and a body of the wrong shape are refused; the answer is
//   inferred from the route.

import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../packages/client/src/generated/realtime";
import type { Transport } from "../state/transport";
import type { RestApi } from "./rest";
import type { Conversation, Message } from "./types";

declare const socket: Socket<ServerToClientEvents, ClientToServerEvents>;
declare const transport: Transport;
declare const api: RestApi;

const conversationId = "00000000-0000-4000-8000-0000000000c1";

/** Socket.IO's socket typed with the generated events. */
export async function generatedSocket(): Promise<number> {
  socket.on("receiveMessage", (m) => void m.seq.toFixed());
  // @ts-expect-error: no such server event
  socket.on("messageReceived", () => undefined);
  // @ts-expect-error: `receiveMessage` carries a Message, whose `seq` is a number
  socket.on("receiveMessage", (m: { seq: string }) => void m.seq);

  const ack = await socket.emitWithAck("markAsRead", { conversationId, seq: 1 });
  // @ts-expect-error: `seq` is a number
  await socket.emitWithAck("markAsRead", { conversationId, seq: "1" });
  // @ts-expect-error: no such client event
  await socket.emitWithAck("markRead", { conversationId, seq: 1 });
  // The answer is inferred from the event: `{ ok: true, seq }` or `{ ok: false, error }`.
  return ack.ok ? ack.seq : ack.error.message.length;
}

/** The app's Transport, which the state layer uses (and fakes in its tests). */
export async function appTransport(): Promise<Message | undefined> {
  const sent = await transport.request("sendMessage", { conversationId, content: "hi", clientMsgId: "c-1" });
  await transport.request("markAsRead", { conversationId, seq: 2 });
  transport.emit("userTyping", { conversationId, isTyping: true });
  transport.on("messagesRead", (e) => void e.seq.toFixed());
  transport.on("disconnect", (reason) => void reason.length);

  // @ts-expect-error: no such client event
  await transport.request("markAsReed", { conversationId, seq: 2 });
  // @ts-expect-error: `seq` is a number, not a string
  await transport.request("markAsRead", { conversationId, seq: "1" });
  // @ts-expect-error: `conversationId` is required
  await transport.request("markAsRead", { seq: 1 });
  // @ts-expect-error: `isTyping` is a boolean
  transport.emit("userTyping", { conversationId, isTyping: "yes" });
  // @ts-expect-error: no such server event
  transport.on("messageRead", () => undefined);
  // @ts-expect-error: `userTyping` (server to client) carries `isTyping: boolean`, not a string
  transport.on("userTyping", (e: { conversationId: string; userId: string; isTyping: string }) => void e);
  // @ts-expect-error: `markAsRead`'s answer has no `message`
  const wrong: Message = (await transport.request("markAsRead", { conversationId, seq: 2 })).message;
  void wrong;

  return sent.ok ? sent.message : undefined;
}

/** RestApi over the generated `paths` map. */
export async function rest(): Promise<Conversation> {
  const conversation = await api.call("get", "/api/conversations/{id}", { path: { id: conversationId } });
  await api.call("delete", "/api/messages/{id}", { path: { id: "m-1" }, query: { scope: "everyone" } });

  // @ts-expect-error: no such path
  await api.call("get", "/api/conversation/{id}", { path: { id: conversationId } });
  // @ts-expect-error: the path answers no PUT
  await api.call("put", "/api/users/me", { body: {} });
  // @ts-expect-error: the `{id}` parameter is required
  await api.call("get", "/api/conversations/{id}");
  // @ts-expect-error: a conversation is started as `direct` or `group` (flash groups have their own route)
  await api.call("post", "/api/conversations", { body: { kind: "flash", memberIds: [] } });
  // @ts-expect-error: `scope` is `me` or `everyone`
  await api.call("delete", "/api/messages/{id}", { path: { id: "m-1" }, query: { scope: "all" } });
  // @ts-expect-error: GET /api/users/me answers a User, not a Conversation
  const notAConversation: Conversation = await api.call("get", "/api/users/me");
  void notAConversation;

  return conversation;
}
