// @chat-server/client: a typed client of chat-server for browsers (React or not) and Node.
//
//   ChatClient   login, socket, send with resend by clientMsgId, delivery once in seq order
//   RestClient   the REST API typed by the server's OpenAPI document, with token refresh
//   the types    generated from openapi/openapi.json (REST) and openapi/asyncapi.json (Socket.IO)

export {
  ChatClient,
  type ChatClientOptions,
  type ChatEvents,
  type ClientEvents,
  type Conversation,
  type ConversationSummary,
  type HistoryPage,
  type Message,
  type RegisterRequest,
  type SendOptions,
} from "./client.js";
export { ChatApiError, isRetryable, type ErrorCode } from "./errors.js";
export type { PendingMessage, SendMessagePayload } from "./outbox.js";
export type { AckAnswer, AckOf, ChatSocket, ClientEvent, Payload, SocketSettings } from "./realtime.js";
export {
  RestClient,
  type Answer,
  type AuthTokens,
  type Fetch,
  type Method,
  type Operation,
  type PathsWith,
  type RequestOptions,
  type RestOptions,
  type Session,
  type User,
} from "./rest.js";
export type { components, operations, paths } from "./generated/rest.js";
export type { Ack, ClientToServerEvents, ServerToClientEvents } from "./generated/realtime.js";
import type { components as RealtimeComponents } from "./generated/realtime.js";
/** The schemas of the realtime contract (payloads and answers of the socket events). */
export type RealtimeSchemas = RealtimeComponents["schemas"];
