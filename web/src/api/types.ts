// The public contract of chat-server (openapi/openapi.json, docs/realtime.md), as the client uses it.

export type Status = "online" | "away" | "busy" | "offline";
/** `blocked`: the other member of a direct conversation, blocked by the one who sees it (reads, cannot send). */
export type Role = "blocked" | "member" | "admin" | "owner";
/** `flash` groups come from `POST /api/flash-groups` and expire by themselves (`expiresAt`). */
export type ConversationKind = "direct" | "group" | "flash";
export type MessageKind = "text" | "image" | "file" | "system";

export interface User {
  id: string;
  username: string;
  displayName: string;
  avatarUrl?: string | null;
  bio?: string | null;
  email?: string | null;
  /** Only in the caller's own profile: whether `email` was shown to be theirs. */
  emailVerified?: boolean;
  /** Absent when the user does not let the caller see it (no shared conversation, not their contact). */
  status?: Status;
  /** Absent when never connected, or hidden by the user's `lastSeenVisibility`. */
  lastSeen?: string | null;
  /** Only in the caller's own profile: who sees their `lastSeen`. */
  lastSeenVisibility?: Visibility;
  createdAt: string;
}

export interface AuthTokens {
  user: User;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface Member {
  userId: string;
  role: Role;
  /** How far they have read and received (0: nothing yet); receipts start from these. Optional so
   * that a member built from a `memberAdded` event, or listed by an older server, still fits. */
  readSeq?: number;
  deliveredSeq?: number;
}

export interface Conversation {
  id: string;
  kind: ConversationKind;
  name?: string | null;
  description?: string | null;
  avatarUrl?: string | null;
  createdBy: string;
  createdAt: string;
  members: Member[];
  lastSeq: number;
  /** Flash groups: when the group disappears. */
  expiresAt?: string | null;
}

export interface ConversationSummary extends Conversation {
  lastMessage?: Message | null;
  unreadCount: number;
  /** When the conversation last had a message, or was created: the order of the list. */
  lastActivityAt?: string;
  readSeq: number;
}

/**
 * A file attached to a message. `url` and `thumbnailUrl` are signed URLs with an expiry: they
 * work directly in `<img src>` and `<a href>`, without an Authorization header.
 */
export interface Attachment {
  id: string;
  url: string;
  contentType: string;
  size: number;
  width?: number | null;
  height?: number | null;
  thumbnailUrl?: string | null;
  fileName?: string | null;
}

/** `POST /api/uploads` (multipart, field `file`): a stored file, processed by the job `jobId`. */
export interface Upload extends Attachment {
  jobId: string;
}

export type JobStatus = "pending" | "processing" | "completed" | "failed";

/** `GET /api/jobs/{id}`, and the `jobUpdated` socket event at each change. */
export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  /** A completed image job: `{ width, height, thumbnailUrl }`. */
  result?: { width?: number | null; height?: number | null; thumbnailUrl?: string | null; [k: string]: unknown } | null;
  error?: string | { message?: string; code?: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  type: MessageKind;
  content: string;
  attachments: Attachment[];
  clientMsgId?: string | null;
  replyToId?: string | null;
  createdAt: string;
  editedAt?: string | null;
  deleted: boolean;
  /** Absent when there are none; `receiveMessage` and `messageUpdated` never carry them. */
  reactions?: Reaction[];
}

/** One emoji on a message, as the reader sees it. */
export interface Reaction {
  emoji: string;
  count: number;
  mine: boolean;
}

/** `reactionsUpdated`: who changed which reaction, and the message's counts afterwards. */
export interface ReactionsEvent {
  conversationId: string;
  messageId: string;
  userId: string;
  emoji: string;
  reacted: boolean;
  reactions: { emoji: string; count: number }[];
}

export interface HistoryPage {
  items: Message[];
  hasMore: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export type Visibility = "everyone" | "contacts" | "nobody";

/** One active login of the user (`GET /api/auth/sessions`). */
export interface LoginSession {
  id: string;
  createdAt: string;
  lastUsedAt?: string | null;
  userAgent?: string | null;
  address?: string | null;
  current: boolean;
}

export interface ProfilePatch {
  displayName?: string;
  avatarUrl?: string | null;
  bio?: string | null;
  lastSeenVisibility?: Visibility;
}

export interface ConversationPatch {
  name?: string | null;
  description?: string | null;
  avatarUrl?: string | null;
}

export type AckError = { code: string; message: string };
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: AckError };

// Server → client socket payloads.
export interface PositionEvent {
  conversationId: string;
  userId: string;
  seq: number;
  at: string;
}
export interface TypingEvent {
  conversationId: string;
  userId: string;
  isTyping: boolean;
}
export interface StatusEvent {
  userId: string;
  status: Status;
  lastSeen?: string | null;
}
export interface MessageDeletedEvent {
  conversationId: string;
  messageId: string;
  scope: "me" | "everyone";
}
export interface FlashGroupExpiredEvent {
  conversationId: string;
}
export interface MemberEvent {
  conversationId: string;
  userId: string;
}
