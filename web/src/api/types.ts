// The public contract of chat-server, as the client uses it. Every wire type here is an alias of a
// type generated from the server's own documents (`npm run generate`):
// - REST: openapi/openapi.json → packages/client/src/generated/rest.ts
// - socket: openapi/asyncapi.json → packages/client/src/generated/realtime.ts
// so a change on the server that the app does not follow fails `tsc`. The app imports from here
// only. The few client-side types at the end are built from the generated ones, each saying why.
//
// Types both documents describe (Message, Conversation, Member…) come from the REST document; the
// socket's events hand the realtime document's versions to handlers typed with these, so the two
// documents must agree for `tsc` to pass.

import type { components as RestComponents } from "../../packages/client/src/generated/rest";
import type { Ack as RealtimeAck, components as RealtimeComponents } from "../../packages/client/src/generated/realtime";

export type { ClientToServerEvents, ServerToClientEvents } from "../../packages/client/src/generated/realtime";

type Rest = RestComponents["schemas"];
type Realtime = RealtimeComponents["schemas"];

// ---- shared values ----------------------------------------------------------------------------

export type Status = Rest["Status"];
/** `blocked`: the other member of a direct conversation, blocked by the one who sees it (reads, cannot send). */
export type Role = Rest["Role"];
/** `flash` groups come from `POST /api/flash-groups` and expire by themselves (`expiresAt`). */
export type ConversationKind = Rest["ConversationKind"];
export type MessageKind = Rest["MessageKind"];
export type Visibility = Rest["Visibility"];
export type JobStatus = Rest["JobStatus"];
/** Who a message deletion applies to. */
export type DeleteScope = Realtime["DeleteScope"];
/** The statuses a user can choose (`offline` is never chosen). */
export type SettableStatus = Realtime["SettableStatus"];

// ---- REST -------------------------------------------------------------------------------------

export type User = Rest["User"];
export type AuthTokens = Rest["AuthTokens"];
export type LoginSession = Rest["LoginSession"];
export type Member = Rest["Member"];
export type Conversation = Rest["Conversation"];
/**
 * A file attached to a message. `url` and `thumbnailUrl` are signed URLs with an expiry: they
 * work directly in `<img src>` and `<a href>`, without an Authorization header.
 */
export type Attachment = Rest["Attachment"];
/** `POST /api/uploads` (multipart, field `file`): a stored file, processed by the job `jobId`. */
export type Upload = Rest["Upload"];
export type Message = Rest["Message"];
/** One emoji on a message, as the reader sees it. */
export type Reaction = Rest["Reaction"];
export type HistoryPage = Rest["HistoryPage"];
export type UserPage = Rest["Page_User"];
export type ConversationPage = Rest["Page_ConversationSummary"];
export type Provider = Rest["Provider"];
export type ProfilePatch = Rest["UpdateProfile"];
export type ConversationPatch = Rest["UpdateConversation"];
export type RegisterRequest = Rest["RegisterRequest"];
export type CreateConversationRequest = Rest["CreateConversationRequest"];
export type CreateFlashGroupRequest = Rest["CreateFlashGroupRequest"];
/** The body of every REST error answer. */
export type ErrorBody = Rest["ErrorBody"];

// ---- socket -----------------------------------------------------------------------------------

/** An acknowledgement: `{ ok: true, ...answer }` or `{ ok: false, error }`. */
export type Ack<T = object> = RealtimeAck<T>;
export type AckError = Realtime["AckError"];
export type AckErrorCode = Realtime["AckErrorCode"];
/** `sendMessage`'s payload. */
export type SendMessagePayload = Realtime["SendMessagePayload"];
/** `syncConversation`'s answer: messages after a seq, ascending. */
export type SyncAnswer = Realtime["SyncAnswer"];

// Server → client socket payloads.
export type PositionEvent = Realtime["PositionEvent"];
export type TypingEvent = Realtime["TypingEvent"];
/** `userStatus`: a user's presence. */
export type StatusEvent = Realtime["Presence"];
export type MessageDeletedEvent = Realtime["MessageDeletedEvent"];
/** `flashGroupExpired` (and `conversationDeleted`). */
export type FlashGroupExpiredEvent = Realtime["ConversationEvent"];
export type MemberEvent = Realtime["MemberEvent"];
/** `reactionsUpdated`: who changed which reaction, and the message's counts afterwards. */
export type ReactionsEvent = Realtime["ReactionsUpdatedEvent"];

// ---- client-side types ------------------------------------------------------------------------

/**
 * A conversation as the list holds it. The server always sends `lastActivityAt`, but the client
 * also builds summaries itself from a bare `Conversation` (`conversationCreated`, a group just
 * made) until the list is loaded again, and the order is computed from `lastMessage` anyway: so it
 * is optional here, everything else as the server lists it.
 */
export type ConversationSummary = Omit<Rest["ConversationSummary"], "lastActivityAt"> &
  Partial<Pick<Rest["ConversationSummary"], "lastActivityAt">>;

/** `GET /api/jobs/{id}`, and the `jobUpdated` socket event at each change. */
export type Job = Rest["Job"];
/** What a completed upload job produced (`Job.result`). */
export type JobResult = Rest["JobResult"];
