// Generated from openapi/asyncapi.json by web/scripts/generate-api-types.mjs (npm run generate). Do not edit.

export type paths = Record<string, never>;
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description What went wrong with an event: a failed ack is `{ ok: false, error }`. */
        AckError: {
            code: components["schemas"]["AckErrorCode"];
            /**
             * @description Extra facts: the offending `field`, `retryAfterSecs` (`rate_limited`, `unavailable`), a
             *     conflict's `reason`.
             */
            details?: unknown;
            /** @description Human-readable explanation. */
            message: string;
        };
        /**
         * @description The codes an acknowledgement can carry.
         * @enum {string}
         */
        AckErrorCode: "bad_request" | "unauthorized" | "forbidden" | "not_found" | "not_configured" | "conflict" | "rate_limited" | "payload_too_large" | "gone" | "unavailable" | "internal";
        /** @description A failed acknowledgement */
        AckFailure: {
            error: components["schemas"]["AckError"];
            /** @constant */
            ok: false;
        };
        /** @description A successful acknowledgement; the event's answer fields sit beside `ok` */
        AckOk: {
            /** @constant */
            ok: true;
        };
        /** @description A file attached to a message. */
        Attachment: {
            /** @description MIME type decided from the content. */
            contentType: string;
            /** @description The original file name, sanitised. */
            fileName?: string | null;
            /**
             * Format: int32
             * @description Image height in pixels.
             */
            height?: number | null;
            /** @description Upload identifier. */
            id: string;
            /**
             * Format: int64
             * @description Size in bytes.
             */
            size: number;
            /** @description Thumbnail URL, for images. */
            thumbnailUrl?: string | null;
            /** @description Where to read the file. */
            url: string;
            /**
             * Format: int32
             * @description Image width in pixels.
             */
            width?: number | null;
        };
        /** @description `authExpired`: no fields. */
        AuthExpiredEvent: Record<string, never>;
        /** @description A conversation with its members. */
        Conversation: {
            /** @description Picture URL. */
            avatarUrl?: string | null;
            /**
             * Format: date-time
             * @description Creation time.
             */
            createdAt: string;
            /**
             * Format: uuid
             * @description Creator.
             */
            createdBy: string;
            /** @description Description (groups). */
            description?: string | null;
            /**
             * Format: date-time
             * @description When a flash group expires.
             */
            expiresAt?: string | null;
            /**
             * Format: uuid
             * @description Identifier.
             */
            id: string;
            /** @description Direct, group or flash. */
            kind: components["schemas"]["ConversationKind"];
            /**
             * Format: int64
             * @description `seq` of the newest message, 0 when there is none.
             */
            lastSeq: number;
            /** @description Members and roles. */
            members: components["schemas"]["Member"][];
            /** @description Name (groups). */
            name?: string | null;
        };
        /** @description `conversationDeleted` and `flashGroupExpired`. */
        ConversationEvent: {
            /** Format: uuid */
            conversationId: string;
        };
        /**
         * @description What kind of conversation this is.
         * @enum {string}
         */
        ConversationKind: "direct" | "group" | "flash";
        /**
         * @description Who a deletion applies to.
         * @enum {string}
         */
        DeleteScope: "me" | "everyone";
        /** @description A background job (the processing of an upload). */
        Job: {
            /**
             * Format: int32
             * @description How many times processing started (a job runs at most a configured number of times).
             */
            attempts: number;
            /**
             * Format: date-time
             * @description When it was created.
             */
            createdAt: string;
            /** @description Why it failed. */
            error?: string | null;
            /**
             * Format: uuid
             * @description Identifier.
             */
            id: string;
            /** @description What it does (`upload`). */
            kind: string;
            result?: components["schemas"]["JobResult"] | null;
            /** @description Where it stands. */
            status: components["schemas"]["JobStatus"];
            /**
             * Format: date-time
             * @description When its status last changed.
             */
            updatedAt: string;
        };
        /**
         * @description The shape of [`Job::result`] (kept as JSON in the store; this type documents it): the upload's
         *     id and signed link, and for an image its size in pixels and thumbnail, for another file its
         *     type and size.
         */
        JobResult: {
            /** @description Another file's MIME type, decided from its content. */
            contentType?: string | null;
            /**
             * Format: int32
             * @description An image's height in pixels.
             */
            height?: number | null;
            /**
             * Format: int64
             * @description Another file's size in bytes.
             */
            size?: number | null;
            /** @description An image's thumbnail, signed. */
            thumbnailUrl?: string | null;
            /** @description The processed upload. */
            uploadId?: string | null;
            /** @description Its signed URL. */
            url?: string | null;
            /**
             * Format: int32
             * @description An image's width in pixels.
             */
            width?: number | null;
        };
        /**
         * @description Where a background job stands.
         * @enum {string}
         */
        JobStatus: "pending" | "processing" | "completed" | "failed";
        /** @description A member as listed in a conversation. */
        Member: {
            /**
             * Format: int64
             * @description Everything up to this `seq` has reached one of their devices (0: nothing yet); moved on by
             *     `messagesDelivered`.
             */
            deliveredSeq?: number;
            /**
             * Format: int64
             * @description Everything up to this `seq` has been read by them (0: nothing yet). Clients start their
             *     read receipts from it and move it on with `messagesRead`.
             */
            readSeq?: number;
            /** @description Their role. */
            role: components["schemas"]["Role"];
            /**
             * Format: uuid
             * @description The member.
             */
            userId: string;
        };
        /** @description `memberAdded` and `memberRemoved`. */
        MemberEvent: {
            /** Format: uuid */
            conversationId: string;
            /** Format: uuid */
            userId: string;
        };
        /** @description A stored message. */
        Message: {
            /** @description Attached files. */
            attachments: components["schemas"]["Attachment"][];
            /** @description The sender's idempotency key. */
            clientMsgId?: string | null;
            /**
             * @description Body; empty once deleted for everyone.
             * @example Hello!
             */
            content: string;
            /**
             * Format: uuid
             * @description Conversation.
             */
            conversationId: string;
            /**
             * Format: date-time
             * @description When it was stored.
             */
            createdAt: string;
            /** @description Deleted for everyone. */
            deleted: boolean;
            /**
             * Format: date-time
             * @description When it was last edited.
             */
            editedAt?: string | null;
            /**
             * Format: uuid
             * @description Identifier.
             */
            id: string;
            /**
             * @description Emoji reactions, as the member reading sees them; absent when there are none (and in
             *     `receiveMessage` and `messageUpdated`, which carry none: reactions change by `reactionsUpdated`).
             */
            reactions?: components["schemas"]["Reaction"][];
            /**
             * Format: uuid
             * @description The message this one answers.
             */
            replyToId?: string | null;
            /**
             * Format: uuid
             * @description Author.
             */
            senderId: string;
            /**
             * Format: int64
             * @description Position in the conversation: 1, 2, 3… with no gap.
             * @example 42
             */
            seq: number;
            /** @description Text, image, file or system. */
            type: components["schemas"]["MessageKind"];
        };
        /** @description `messageDeleted`. */
        MessageDeletedEvent: {
            /** Format: uuid */
            conversationId: string;
            /** Format: uuid */
            messageId: string;
            scope: components["schemas"]["DeleteScope"];
        };
        /**
         * @description What a message carries.
         * @enum {string}
         */
        MessageKind: "text" | "image" | "file" | "system";
        /** @description One notification of one user. */
        Notification: {
            /**
             * Format: uuid
             * @description Where.
             */
            conversationId: string;
            /**
             * Format: date-time
             * @description When.
             */
            createdAt: string;
            /**
             * Format: uuid
             * @description Identifier, increasing with time (pass it as `cursor` or `upTo`).
             */
            id: string;
            /** @description Why. */
            kind: components["schemas"]["NotificationKind"];
            /**
             * Format: uuid
             * @description The message.
             */
            messageId: string;
            /** @description The start of its text. */
            preview: string;
            /** @description Whether the user marked it read. */
            read: boolean;
            /**
             * Format: uuid
             * @description Who sent it.
             */
            senderId: string;
            /**
             * Format: int64
             * @description Its `seq` in the conversation.
             */
            seq: number;
            /**
             * Format: uuid
             * @description Who is notified.
             */
            userId: string;
        };
        /**
         * @description Why a user is notified.
         * @enum {string}
         */
        NotificationKind: "message" | "mention";
        /** @description `markAsRead` and `markAsDelivered`'s answer: the position now stored. */
        PositionAnswer: {
            /** Format: int64 */
            seq: number;
        };
        /** @description `messagesRead` and `messagesDelivered`. */
        PositionEvent: {
            /** Format: date-time */
            at: string;
            /** Format: uuid */
            conversationId: string;
            /**
             * Format: int64
             * @description The member's new position: everything up to it is read (delivered).
             */
            seq: number;
            /** Format: uuid */
            userId: string;
        };
        /** @description `markAsRead` and `markAsDelivered`: everything up to `seq`. */
        PositionPayload: {
            /** Format: uuid */
            conversationId: string;
            /** Format: int64 */
            seq: number;
        };
        /** @description A user's presence as `userStatus` carries it. */
        Presence: {
            /**
             * Format: date-time
             * @description When the user was last connected (set when going offline).
             */
            lastSeen?: string | null;
            /** @description `online`, `away`, `busy` or `offline`. */
            status: components["schemas"]["Status"];
            /**
             * Format: uuid
             * @description The user.
             */
            userId: string;
        };
        /** @description One emoji on a message, as one member sees it. */
        Reaction: {
            /**
             * Format: int32
             * @description Members who reacted with it (at least 1).
             * @example 3
             */
            count: number;
            /**
             * @description The emoji.
             * @example 👍
             */
            emoji: string;
            /** @description Whether the member reading it is one of them. */
            mine: boolean;
        };
        /** @description One emoji on a message, counted for everyone (announcements carry no per-reader flag). */
        ReactionCount: {
            /**
             * Format: int32
             * @description Members who reacted with it (at least 1).
             * @example 3
             */
            count: number;
            /**
             * @description The emoji.
             * @example 👍
             */
            emoji: string;
        };
        /** @description `addReaction` and `removeReaction`. */
        ReactionPayload: {
            /** Format: uuid */
            conversationId: string;
            /** @description One fully-qualified emoji (one of CHAT_REACTION_EMOJIS when that is set). */
            emoji: string;
            /** Format: uuid */
            messageId: string;
        };
        /** @description `addReaction` and `removeReaction`'s answer: the message's reactions as the caller sees them. */
        ReactionsAnswer: {
            /** Format: uuid */
            messageId: string;
            reactions: components["schemas"]["Reaction"][];
        };
        /** @description `reactionsUpdated`. */
        ReactionsUpdatedEvent: {
            /** Format: uuid */
            conversationId: string;
            emoji: string;
            /** Format: uuid */
            messageId: string;
            /** @description `true` when added, `false` when taken back. */
            reacted: boolean;
            /** @description The message's counts afterwards (a reader's own flags come from their own events). */
            reactions: components["schemas"]["ReactionCount"][];
            /**
             * Format: uuid
             * @description Who reacted or took it back.
             */
            userId: string;
        };
        /** @description `refreshAuth`'s answer. */
        RefreshAnswer: {
            /**
             * Format: date-time
             * @description The socket is closed (after `authExpired`) at this time unless refreshed again.
             */
            expiresAt?: string | null;
        };
        /** @description `refreshAuth`. */
        RefreshPayload: {
            /** @description A fresh access token of the socket's user. */
            token: string;
        };
        /**
         * @description A member's role. Owners and admins manage the conversation; owners cannot be removed by admins.
         * @enum {string}
         */
        Role: "blocked" | "member" | "admin" | "owner";
        /** @description `sendMessage`: text (`content`), files (`attachmentIds` from uploads), or both. */
        SendMessagePayload: {
            /** @description Ids of the caller's own uploads. */
            attachmentIds?: string[];
            /** @description The client's id for this message: sending it again returns the stored message instead of a copy. */
            clientMsgId?: string | null;
            /** @description The text (at most CHAT_MESSAGE_MAX_CHARS characters); required without attachments. */
            content?: string | null;
            /** Format: uuid */
            conversationId: string;
            /**
             * Format: uuid
             * @description A message of the same conversation this one answers.
             */
            replyToId?: string | null;
        };
        /** @description `sendMessage`'s answer. */
        SentAnswer: {
            message: components["schemas"]["Message"];
        };
        /**
         * @description A status a user can choose.
         * @enum {string}
         */
        SettableStatus: "online" | "away" | "busy";
        /**
         * @description Presence status shown next to a user.
         * @enum {string}
         */
        Status: "online" | "away" | "busy" | "offline";
        /** @description `setStatus`. */
        StatusPayload: {
            /** @description `offline` is refused: a connected user is never shown offline by choice. */
            status: components["schemas"]["SettableStatus"];
        };
        /** @description `syncConversation`'s answer. */
        SyncAnswer: {
            hasMore: boolean;
            /** @description Ascending seq. */
            messages: components["schemas"]["Message"][];
        };
        /** @description `syncConversation`. */
        SyncPayload: {
            /**
             * Format: int64
             * @description Messages with a greater seq are returned (0: from the start).
             */
            afterSeq: number;
            /** Format: uuid */
            conversationId: string;
            /**
             * Format: int64
             * @description At most this many (1–100, default 50); `hasMore` tells whether more follow.
             */
            limit?: number | null;
        };
        /** @description `userTyping`. */
        TypingEvent: {
            /** Format: uuid */
            conversationId: string;
            isTyping: boolean;
            /** Format: uuid */
            userId: string;
        };
        /** @description `userTyping`. */
        TypingPayload: {
            /** Format: uuid */
            conversationId: string;
            isTyping: boolean;
        };
        /** @description An upload as its uploader sees it. */
        Upload: {
            /**
             * @description MIME type decided from the content.
             * @example image/png
             */
            contentType: string;
            /** @description The original file name, sanitised. */
            fileName: string;
            /**
             * Format: int32
             * @description Image height, once processed.
             */
            height?: number | null;
            /**
             * Format: uuid
             * @description Identifier, for `attachmentIds`.
             */
            id: string;
            /**
             * Format: uuid
             * @description The processing job; `jobUpdated` events follow it.
             */
            jobId: string;
            /**
             * Format: int64
             * @description Size in bytes.
             */
            size: number;
            /** @description Signed URL of the thumbnail, once processed. */
            thumbnailUrl?: string | null;
            /** @description Signed URL of the file (expires). */
            url: string;
            /**
             * Format: int32
             * @description Image width, once processed.
             */
            width?: number | null;
        };
        /** @description `uploadFile`'s answer. */
        UploadAnswer: {
            upload: components["schemas"]["Upload"];
        };
        /** @description `uploadFile`. The declared `contentType` is accepted for compatibility and ignored: the bytes decide. */
        UploadPayload: {
            contentType?: string | null;
            /** @description The file, base64 (at most CHAT_SOCKET_UPLOAD_MAX_BYTES once decoded). */
            data: string;
            fileName: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;

type Schemas = components["schemas"];

/** An acknowledgement: `{ ok: true, ...answer }` or `{ ok: false, error }`. */
export type Ack<T = object> = ({ ok: true } & T) | Schemas["AckFailure"];

/** What the server emits, for `Socket<ServerToClientEvents, ClientToServerEvents>`. */
export interface ServerToClientEvents {
  /** The socket's access token expired; the server closes the socket right after */
  authExpired: (payload: Schemas["AuthExpiredEvent"]) => void;
  /** The user is a member of a new conversation, or was added to one; their sockets joined its room */
  conversationCreated: (payload: Schemas["Conversation"]) => void;
  /** A conversation was deleted; the former members' sockets left its room */
  conversationDeleted: (payload: Schemas["ConversationEvent"]) => void;
  /** A conversation was renamed or its roles changed */
  conversationUpdated: (payload: Schemas["Conversation"]) => void;
  /** A flash group expired with its messages; its members' sockets left its room */
  flashGroupExpired: (payload: Schemas["ConversationEvent"]) => void;
  /** A processing job of the user's upload changed status */
  jobUpdated: (payload: Schemas["Job"]) => void;
  /** Someone joined a conversation */
  memberAdded: (payload: Schemas["MemberEvent"]) => void;
  /** Someone left or was removed (also sent to them; their sockets left the room) */
  memberRemoved: (payload: Schemas["MemberEvent"]) => void;
  /** A message was deleted for everyone (to members) or for the deleter only (to their sockets) */
  messageDeleted: (payload: Schemas["MessageDeletedEvent"]) => void;
  /** A message was edited */
  messageUpdated: (payload: Schemas["Message"]) => void;
  /** A member's delivered position moved (coalesced) */
  messagesDelivered: (payload: Schemas["PositionEvent"]) => void;
  /** A member's read position moved */
  messagesRead: (payload: Schemas["PositionEvent"]) => void;
  /** The user was notified (a mention, or a message while away) */
  notification: (payload: Schemas["Notification"]) => void;
  /** A member added or took back a reaction; carries the message's counts afterwards */
  reactionsUpdated: (payload: Schemas["ReactionsUpdatedEvent"]) => void;
  /** A message stored in one of the user's conversations (the sender's own sockets too) */
  receiveMessage: (payload: Schemas["Message"]) => void;
  /** A user sharing a conversation with the receiver, or their contact, changed status */
  userStatus: (payload: Schemas["Presence"]) => void;
  /** A member started or stopped typing (not sent to the typer's own sockets) */
  userTyping: (payload: Schemas["TypingEvent"]) => void;
}

/** What a client emits; every event is acknowledged. */
export interface ClientToServerEvents {
  /** React to a message with an emoji (once per member and emoji) */
  addReaction: (payload: Schemas["ReactionPayload"], ack: (answer: Ack<Schemas["ReactionsAnswer"]>) => void) => void;
  /** Move the caller's delivered position forward (coalesced, written at most every ~100 ms) */
  markAsDelivered: (payload: Schemas["PositionPayload"], ack: (answer: Ack<Schemas["PositionAnswer"]>) => void) => void;
  /** Move the caller's read position forward (never back, never past lastSeq) */
  markAsRead: (payload: Schemas["PositionPayload"], ack: (answer: Ack<Schemas["PositionAnswer"]>) => void) => void;
  /** Show a fresh access token of the same user: the socket then lives until it expires */
  refreshAuth: (payload: Schemas["RefreshPayload"], ack: (answer: Ack<Schemas["RefreshAnswer"]>) => void) => void;
  /** Take a reaction back */
  removeReaction: (payload: Schemas["ReactionPayload"], ack: (answer: Ack<Schemas["ReactionsAnswer"]>) => void) => void;
  /** Store a message (idempotent by clientMsgId); the ack carries it with its seq */
  sendMessage: (payload: Schemas["SendMessagePayload"], ack: (answer: Ack<Schemas["SentAnswer"]>) => void) => void;
  /** Set the caller's status; the ack carries the presence others now see */
  setStatus: (payload: Schemas["StatusPayload"], ack: (answer: Ack<Schemas["Presence"]>) => void) => void;
  /** Messages after a seq, ascending: how a client catches up after a gap or a reconnect */
  syncConversation: (payload: Schemas["SyncPayload"], ack: (answer: Ack<Schemas["SyncAnswer"]>) => void) => void;
  /** Upload a small file as base64 (as POST /api/uploads does) */
  uploadFile: (payload: Schemas["UploadPayload"], ack: (answer: Ack<Schemas["UploadAnswer"]>) => void) => void;
  /** Start or stop the typing indicator in a conversation */
  userTyping: (payload: Schemas["TypingPayload"], ack: (answer: Ack) => void) => void;
}
