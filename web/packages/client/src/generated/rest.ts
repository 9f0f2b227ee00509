// Generated from openapi/openapi.json by web/scripts/generate-api-types.mjs (npm run generate). Do not edit.

export interface paths {
    "/api/admin/webhooks/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook deliveries that failed for good, newest first (operators only). */
        get: operations["admin_dead_letters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/webhooks/dead-letters/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queues a dead letter for delivery again, its attempts reset (operators only). */
        post: operations["admin_retry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/email/verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sends the caller a new verification link, when their address is not verified yet.
         *     Rate limited per client IP together with login.
         */
        post: operations["auth_resend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/email/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Follows a verification link: the address it was sent to is verified; the link stops working. */
        post: operations["auth_verify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Logs in with a username or email.
         * @description Rate limited per client IP together with register.
         */
        post: operations["auth_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ends the login of a refresh token; its access tokens stop working and its sockets are closed. */
        post: operations["auth_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/oidc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The OpenID Connect provider users may sign in with; 404 when none is configured. */
        get: operations["auth_provider"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The provider's redirect back: the code is exchanged, the ID token checked, and the user (found
         *     or provisioned by issuer and subject) signed in; 303 to the web client either way.
         */
        get: operations["auth_callback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/oidc/redeem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Completes a sign-in the callback finished in this browser: its login's tokens, for the cookie
         *     the callback set (which this clears); 401 without one.
         */
        post: operations["auth_redeem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/oidc/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Starts a sign-in: 303 to the provider (authorization code with PKCE, `state` and `nonce`),
         *     with a signed cookie that the callback checks.
         */
        get: operations["auth_start"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Changes the caller's password and ends every other login (the current one goes on).
         * @description Rate limited per client IP together with login, since it checks a password.
         */
        post: operations["auth_change_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Emails a single-use password reset link (valid `CHAT_PASSWORD_RESET_TTL_SECS`) to the account
         *     `login` names, when it has an email address. Answers 202 at once whatever the login, so that
         *     neither the status nor the time tells whether an account exists.
         */
        post: operations["auth_request_reset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sets a new password with the token of a reset link; the link then stops working and every login
         *     of the account ends.
         */
        post: operations["auth_confirm_reset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trades a refresh token for new tokens.
         * @description The old refresh token is spent. Presenting a spent token again revokes every token of that login.
         */
        post: operations["auth_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Creates an account and logs it in.
         * @description Rate limited per client IP together with login.
         */
        post: operations["auth_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's active logins (devices), oldest first; `current` marks the caller's own. */
        get: operations["auth_sessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Ends one of the caller's logins: its tokens stop working and its sockets are disconnected at
         *     once, on every instance.
         */
        delete: operations["auth_end_session"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/blocks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The users the caller blocked, by username. */
        get: operations["contacts_list_blocked"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/blocks/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Blocks a user (blocking twice is fine): they can no longer start a direct conversation with
         *     the caller, add them to a group or flash group, or send in the direct conversation they share
         *     (`forbidden`); they leave the caller's contacts.
         */
        put: operations["contacts_block"];
        post?: never;
        /** Lifts a block. */
        delete: operations["contacts_unblock"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's contacts, by username. Contacts see each other's presence. */
        get: operations["contacts_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/contacts/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Adds a user to the caller's contacts (adding twice is fine). */
        put: operations["contacts_add"];
        post?: never;
        /** Removes a user from the caller's contacts. */
        delete: operations["contacts_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A page of the caller's conversations, most recently active first (flash groups included), with
         *     the last message, unread count and read position.
         */
        get: operations["conversations_list"];
        put?: never;
        /**
         * Starts a direct or group conversation.
         * @description A direct conversation is unique per pair: asking again answers 200 with the existing one.
         */
        post: operations["conversations_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One conversation the caller belongs to (404 otherwise). */
        get: operations["conversations_get_one"];
        put?: never;
        post?: never;
        /** Deletes a conversation with its history: a group by an owner, a direct one by either member. */
        delete: operations["conversations_delete"];
        options?: never;
        head?: never;
        /** Renames or re-describes a group (admins). */
        patch: operations["conversations_update"];
        trace?: never;
    };
    "/api/conversations/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members and their roles. */
        get: operations["members_list"];
        put?: never;
        /** Adds a member to a group (admins). */
        post: operations["members_add"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{id}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Removes a member (admins), or leaves when `userId` is the caller.
         * @description The last owner must hand over ownership before leaving.
         */
        delete: operations["members_remove"];
        options?: never;
        head?: never;
        /** Changes a member's role (admins; ownership only by owners; at least one owner stays). */
        patch: operations["members_set_role"];
        trace?: never;
    };
    "/api/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A page of history in ascending seq.
         * @description Without bounds: the newest page. `beforeSeq` pages back, `afterSeq` catches up.
         */
        get: operations["messages_history"];
        put?: never;
        /**
         * Sends a message; members receive it as `receiveMessage`.
         * @description Stored before it is answered. A replayed `clientMsgId` answers 200 with the stored message.
         */
        post: operations["messages_send"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{id}/messages/{messageId}/reactions/{emoji}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Adds the caller's reaction; members receive `reactionsUpdated` unless they had it already.
         * @description One per member per emoji. `emoji` is a single emoji (percent-encoded in the path), or one of
         *     `CHAT_REACTION_EMOJIS` when that is set; a message has at most `CHAT_REACTIONS_PER_MESSAGE`
         *     different ones.
         */
        put: operations["messages_react"];
        post?: never;
        /** Takes the caller's reaction back; members receive `reactionsUpdated` if they had it. */
        delete: operations["messages_take_back"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{id}/mute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Mutes a conversation for the caller (a member): no notification of its messages, mentions
         *     included, until `until` or until unmuted. Muting again replaces the previous mute. Flash
         *     groups notify no one, so they cannot be muted (404).
         */
        put: operations["notifications_mute"];
        post?: never;
        /** Lifts the caller's mute of a conversation (none is fine). */
        delete: operations["notifications_unmute"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Marks everything up to `seq` read; members receive `messagesRead`. */
        post: operations["messages_mark_read"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/files/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reads a file through a signed link (as found in uploads and message attachments).
         * @description No bearer token: the link is the permission, and it expires. Supports `Range`. Images are
         *     shown inline; anything else is a download. The stored type is sent with `nosniff`.
         */
        get: operations["uploads_file"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/flash-groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's live flash groups (they are in `GET /api/conversations` too). */
        get: operations["flash_groups_list"];
        put?: never;
        /**
         * Creates a flash group; everything in it is gone when `expiresAt` passes, and members
         *     receive `flashGroupExpired`.
         */
        post: operations["flash_groups_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/flash-groups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One live flash group of the caller's; 404 once it has expired. */
        get: operations["flash_groups_get_one"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job of the caller's (the processing of an upload). */
        get: operations["uploads_job"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Deletes a message for the caller, or for everyone (sender or admin). */
        delete: operations["messages_delete"];
        options?: never;
        head?: never;
        /** Edits one's own message; members receive `messageUpdated`. */
        patch: operations["messages_edit"];
        trace?: never;
    };
    "/api/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's notifications, newest first, with their unread count. Kept for
         *     `CHAT_NOTIFICATION_TTL_SECS` (a day by default).
         */
        get: operations["notifications_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Marks the caller's notifications read: all, or `upTo` and every older one. Answers the
         *     unread count left.
         */
        post: operations["notifications_read"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/unread": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many of the caller's notifications are unread. */
        get: operations["notifications_unread"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/search/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Full-text search over the caller's conversations only. */
        get: operations["messages_search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Uploads a file (multipart field `file`); processing continues in a job.
         * @description The type comes from the bytes, never from the name or the header: images (JPEG, PNG, GIF,
         *     WebP), PDF, plain text, ZIP, common audio and video are accepted, anything else is 415.
         *     The uploader's sockets receive `jobUpdated` as the job moves on.
         */
        post: operations["uploads_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Users whose username or display name starts with `q`, by username (the directory is searched,
         *     never listed: `q` is required).
         */
        get: operations["users_search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's profile, email included. */
        get: operations["users_me"];
        put?: never;
        post?: never;
        /**
         * Deletes the caller's account for good. Their logins end (sockets disconnected), they leave
         *     every conversation (the others are told; an only owner's group passes to the next admin or
         *     member, a group they were alone in is deleted), their uploads are deleted from storage, and
         *     their contacts, blocks and profile go. Their messages stay, from a user who no longer exists,
         *     or are blanked with `CHAT_DELETED_ACCOUNT_MESSAGES=erase`. Rate limited per client IP together
         *     with login, since it checks a password.
         */
        delete: operations["users_delete_account"];
        options?: never;
        head?: never;
        /** Edits the caller's profile. */
        patch: operations["users_update_me"];
        trace?: never;
    };
    "/api/users/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's data as one JSON document, streamed: profile (email included), contacts, blocks,
         *     conversations with their role, and every message they sent, oldest first (flash groups, which
         *     expire by themselves, aside). A failure midway cuts the stream, so a truncated document never
         *     passes for a whole one.
         */
        get: operations["users_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Someone's profile. `status` and `lastSeen` are there only when the user lets the caller see
         *     them (a shared conversation, or the user added the caller as a contact).
         */
        get: operations["users_get_user"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is alive. */
        get: operations["operations_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The database (and Redis, when configured) answered the last background check; 503 when one
         *     did not, or when the instance is draining before it stops. Answers at once: the checks run
         *     apart from the request.
         */
        get: operations["operations_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description Everything of an account but its messages, which follow page by page
         *     ([`AccountService::messages_page`]).
         */
        AccountExport: {
            /** @description The users blocked. */
            blocked: components["schemas"]["User"][];
            /** @description The contact list. */
            contacts: components["schemas"]["User"][];
            /** @description The conversations the user is in. */
            conversations: components["schemas"]["ExportedConversation"][];
            /**
             * Format: date-time
             * @description When the export was made.
             */
            exportedAt: string;
            /** @description The profile, email included. */
            user: components["schemas"]["User"];
        };
        /** @description A member to add. */
        AddMember: {
            role?: components["schemas"]["Role"] | null;
            /**
             * Format: uuid
             * @description The user.
             */
            userId: string;
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
        /** @description What register, login and refresh answer. */
        AuthTokens: {
            /** @description Bearer token for the API and the socket handshake. */
            accessToken: string;
            /**
             * Format: int64
             * @description Seconds until the access token expires.
             * @example 900
             */
            expiresIn: number;
            /** @description Opaque single-use token for `POST /api/auth/refresh`. */
            refreshToken: string;
            /** @description The account, email included. */
            user: components["schemas"]["User"];
        };
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
        /**
         * @description What kind of conversation this is.
         * @enum {string}
         */
        ConversationKind: "direct" | "group" | "flash";
        /** @description A conversation as listed for one member. */
        ConversationSummary: components["schemas"]["Conversation"] & {
            /**
             * Format: date-time
             * @description When the conversation last had a message, or was created: the order of the list.
             */
            lastActivityAt: string;
            lastMessage?: components["schemas"]["Message"] | null;
            /**
             * Format: int64
             * @description The member's read position.
             */
            readSeq: number;
            /**
             * Format: int64
             * @description Messages from others after `readSeq`.
             */
            unreadCount: number;
        };
        /** @description A conversation to start. */
        CreateConversationRequest: {
            /** @description Group description: up to 1000 characters, no control characters but tab and line breaks. */
            description?: string | null;
            /** @description `direct` (exactly one other member) or `group`. */
            kind: components["schemas"]["StartableKind"];
            /** @description The other members (the caller is added as owner of a group). */
            memberIds: string[];
            /**
             * @description Group name (required for groups).
             * @example Design team
             */
            name?: string | null;
        };
        /** @description A flash group to create. */
        CreateFlashGroupRequest: {
            /** @description The other members (the caller is the owner). */
            memberIds: string[];
            /**
             * @description Name shown to members.
             * @example Lunch in 10
             */
            name: string;
            /**
             * Format: int64
             * @description Lifetime in seconds (60 to 604800 by default: `CHAT_FLASH_TTL_MIN_SECS`, `_MAX_SECS`).
             * @example 3600
             */
            ttlSeconds: number;
        };
        /** @description A webhook delivery that failed for good. */
        DeadLetter: {
            /**
             * Format: int32
             * @description Attempts made.
             */
            attempts: number;
            /** @description The event as it was sent, `{ id, type, occurredAt, data }`. */
            body: unknown;
            /**
             * Format: uuid
             * @description The event's id.
             */
            eventId: string;
            /**
             * @description The event's type (routing key).
             * @example message.sent
             */
            eventType: string;
            /**
             * Format: date-time
             * @description When it was dead-lettered.
             */
            failedAt: string;
            /**
             * Format: uuid
             * @description The delivery (retry it by this id).
             */
            id: string;
            /** @description Why the last one failed. */
            lastError?: string | null;
            /**
             * Format: int32
             * @description The receiver's last HTTP status, when it answered.
             */
            lastStatus?: number | null;
            /** @description The receiver. */
            url: string;
        };
        /** @description Proof that the caller is the account's owner. */
        DeleteAccount: {
            /**
             * @description The password; an account without one (signed in with its identity provider) needs a
             *     sign-in within `CHAT_REAUTH_WINDOW_SECS` instead.
             */
            password?: string | null;
        };
        /** @description A new text. */
        EditRequest: {
            /** @description 1–4000 characters, no control characters but tab and line breaks, not only spaces. */
            content: string;
        };
        /** @description An error answer: `{ "error": { "code", "message", "details"? } }`. */
        ErrorBody: {
            /** @description What went wrong. */
            error: components["schemas"]["ErrorDetail"];
        };
        /** @description The error itself. */
        ErrorDetail: {
            /**
             * @description One of `bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `rate_limited`,
             *     `payload_too_large`, `unsupported_media_type`, `gone`, `unavailable`, `internal`.
             * @example bad_request
             */
            code: string;
            /**
             * @description Extra facts: the offending `field`; `retryAfterSecs` (`rate_limited`, `unavailable`); the
             *     `reason` of a `conflict` over something taken (`username_taken`, `email_taken`,
             *     `external_identity_taken`, `direct_conversation_exists`, `already_member`,
             *     `message_already_stored`).
             */
            details?: unknown;
            /**
             * @description Human-readable explanation.
             * @example username must be 3–32 characters
             */
            message: string;
        };
        /** @description A conversation as an export lists it: what it is and the user's place in it. */
        ExportedConversation: {
            /**
             * Format: date-time
             * @description When it was started.
             */
            createdAt: string;
            /** @description Group description. */
            description?: string | null;
            /**
             * Format: uuid
             * @description Identifier.
             */
            id: string;
            /** @description Direct, group or flash. */
            kind: components["schemas"]["ConversationKind"];
            /** @description Group name. */
            name?: string | null;
            /** @description The user's role in it. */
            role: components["schemas"]["Role"];
        };
        /** @description The caller's live flash groups. */
        FlashGroupList: {
            /** @description Soonest to expire first. */
            items: components["schemas"]["Conversation"][];
        };
        /** @description Messages in ascending `seq`, and whether more exist in the paging direction. */
        HistoryPage: {
            /** @description More messages exist beyond this page. */
            hasMore: boolean;
            /** @description Messages, ascending seq. */
            items: components["schemas"]["Message"][];
        };
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
        /** @description Credentials. */
        LoginRequest: {
            /**
             * @description Username or email.
             * @example ada
             */
            login: string;
            /**
             * @description Password.
             * @example correct horse battery staple
             */
            password: string;
        };
        /** @description One active login of a user, as the device list shows it. */
        LoginSession: {
            /** @description The address it was made or last refreshed from. */
            address?: string | null;
            /**
             * Format: date-time
             * @description When the login was made.
             */
            createdAt: string;
            /** @description Whether it is the login of the caller's own token. */
            current: boolean;
            /**
             * Format: uuid
             * @description Identifier (`DELETE /api/auth/sessions/{id}` ends it).
             */
            id: string;
            /**
             * Format: date-time
             * @description When it was last refreshed, if ever.
             */
            lastUsedAt?: string | null;
            /** @description The user agent it was made or last refreshed from. */
            userAgent?: string | null;
        };
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
        /** @description Members of a conversation. */
        MemberList: {
            /** @description Members and roles. */
            items: components["schemas"]["Member"][];
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
        /**
         * @description What a message carries.
         * @enum {string}
         */
        MessageKind: "text" | "image" | "file" | "system";
        /** @description How long to mute. */
        MuteRequest: {
            /**
             * Format: date-time
             * @description Until when (in the future); absent: until unmuted.
             */
            until?: string | null;
        };
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
        /** @description A page of notifications, newest first. */
        NotificationPage: {
            /** @description The notifications of this page. */
            items: components["schemas"]["Notification"][];
            /** @description Pass as `cursor` for the next (older) page; null on the last page. */
            nextCursor?: string | null;
            /**
             * Format: int64
             * @description How many of the caller's notifications are unread.
             */
            unread: number;
        };
        /** @description A list page: `{ items, nextCursor }`. */
        Page_ConversationSummary: {
            /** @description The items of this page. */
            items: (components["schemas"]["Conversation"] & {
                /**
                 * Format: date-time
                 * @description When the conversation last had a message, or was created: the order of the list.
                 */
                lastActivityAt: string;
                lastMessage?: components["schemas"]["Message"] | null;
                /**
                 * Format: int64
                 * @description The member's read position.
                 */
                readSeq: number;
                /**
                 * Format: int64
                 * @description Messages from others after `readSeq`.
                 */
                unreadCount: number;
            })[];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            nextCursor?: string | null;
        };
        /** @description A list page: `{ items, nextCursor }`. */
        Page_DeadLetter: {
            /** @description The items of this page. */
            items: {
                /**
                 * Format: int32
                 * @description Attempts made.
                 */
                attempts: number;
                /** @description The event as it was sent, `{ id, type, occurredAt, data }`. */
                body: unknown;
                /**
                 * Format: uuid
                 * @description The event's id.
                 */
                eventId: string;
                /**
                 * @description The event's type (routing key).
                 * @example message.sent
                 */
                eventType: string;
                /**
                 * Format: date-time
                 * @description When it was dead-lettered.
                 */
                failedAt: string;
                /**
                 * Format: uuid
                 * @description The delivery (retry it by this id).
                 */
                id: string;
                /** @description Why the last one failed. */
                lastError?: string | null;
                /**
                 * Format: int32
                 * @description The receiver's last HTTP status, when it answered.
                 */
                lastStatus?: number | null;
                /** @description The receiver. */
                url: string;
            }[];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            nextCursor?: string | null;
        };
        /** @description A list page: `{ items, nextCursor }`. */
        Page_User: {
            /** @description The items of this page. */
            items: {
                /** @description Avatar image URL. */
                avatarUrl?: string | null;
                /** @description Free-text profile. */
                bio?: string | null;
                /**
                 * Format: date-time
                 * @description When the account was created.
                 */
                createdAt: string;
                /**
                 * @description Name shown to others.
                 * @example Ada Lovelace
                 */
                displayName: string;
                /** @description Email address: present only in the user's own profile. */
                email?: string | null;
                /**
                 * @description Whether `email` was shown to be the user's (a link sent to it was followed, or their
                 *     identity provider vouched for it): present only in the user's own profile.
                 */
                emailVerified?: boolean | null;
                /**
                 * Format: uuid
                 * @description Identifier.
                 */
                id: string;
                /**
                 * Format: date-time
                 * @description When the user was last connected; absent when never, or when the caller may not see it.
                 */
                lastSeen?: string | null;
                lastSeenVisibility?: components["schemas"]["Visibility"] | null;
                status?: components["schemas"]["Status"] | null;
                /**
                 * @description Unique login name: lowercase letters, digits, `_` and `.`.
                 * @example ada
                 */
                username: string;
            }[];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            nextCursor?: string | null;
        };
        /** @description A password change. */
        PasswordChange: {
            /** @description The password now. */
            currentPassword: string;
            /** @description The new one, 8–128 characters. */
            newPassword: string;
        };
        /** @description The provider users may sign in with. */
        Provider: {
            /**
             * @description Its name, for a "Sign in with …" button.
             * @example Example Corp
             */
            name: string;
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
        /** @description A message's reactions, as the caller sees them. */
        Reactions: {
            /**
             * Format: uuid
             * @description The message.
             */
            messageId: string;
            /** @description Each emoji, in order of first use, with its count and whether the caller is among them. */
            reactions: components["schemas"]["Reaction"][];
        };
        /** @description What to mark read. */
        ReadNotifications: {
            /**
             * Format: uuid
             * @description This notification and every older one; absent: all.
             */
            upTo?: string | null;
        };
        /** @description A read position. */
        ReadRequest: {
            /**
             * Format: int64
             * @description Everything up to this seq is read.
             * @example 42
             */
            seq: number;
        };
        /** @description Readiness of each dependency. */
        Readiness: {
            /**
             * @description `ok` or `unavailable`.
             * @example ok
             */
            database: string;
            /**
             * @description `ok`, `unavailable`, or absent when Redis is not configured.
             * @example ok
             */
            redis?: string | null;
            /**
             * @description `ok` when every dependency answers, `draining` once the instance was told to stop (it
             *     finishes what it took and takes nothing new), else `unavailable`.
             * @example ok
             */
            status: string;
        };
        /** @description A refresh token. */
        RefreshRequest: {
            /** @description The opaque token from register, login or a previous refresh. */
            refreshToken: string;
        };
        /** @description A new account. */
        RegisterRequest: {
            /**
             * @description Shown name; the username when absent.
             * @example Ada Lovelace
             */
            displayName?: string | null;
            /**
             * @description Optional; may be used to log in.
             * @example ada@example.org
             */
            email?: string | null;
            /**
             * @description 8–128 characters.
             * @example correct horse battery staple
             */
            password: string;
            /**
             * @description 3–32 characters of `a-z`, `0-9`, `_`, `.` (folded to lowercase).
             * @example ada
             */
            username: string;
        };
        /** @description A new password, with the token of a reset link. */
        ResetConfirmation: {
            /** @description The new password, 8–128 characters. */
            password: string;
            /** @description The token from the link. */
            token: string;
        };
        /** @description Who forgot their password. */
        ResetRequest: {
            /**
             * @description Username or email.
             * @example ada
             */
            login: string;
        };
        /**
         * @description A member's role. Owners and admins manage the conversation; owners cannot be removed by admins.
         * @enum {string}
         */
        Role: "blocked" | "member" | "admin" | "owner";
        /** @description Search results. */
        SearchResults: {
            /** @description Newest first. */
            items: components["schemas"]["Message"][];
        };
        /** @description A message to send. */
        SendMessageRequest: {
            /** @description Uploads to attach. */
            attachmentIds?: string[];
            /**
             * @description Idempotency key: resending with the same key returns the stored message.
             * @example b1946ac9-2f4e-4c1b-9c5c-1a0e8c1f0001
             */
            clientMsgId?: string | null;
            /**
             * @description Up to 4000 characters, no control characters but tab and line breaks; not only spaces
             *     unless attachments come with it.
             * @example Hello!
             */
            content?: string | null;
            /**
             * Format: uuid
             * @description The message this one answers.
             */
            replyToId?: string | null;
        };
        /** @description A role change. */
        SetRole: {
            /** @description The new role. */
            role: components["schemas"]["Role"];
        };
        /**
         * @description The kinds of conversation started here (flash groups: `POST /api/flash-groups`).
         * @enum {string}
         */
        StartableKind: "direct" | "group";
        /**
         * @description Presence status shown next to a user.
         * @enum {string}
         */
        Status: "online" | "away" | "busy" | "offline";
        /** @description The caller's unread count. */
        Unread: {
            /**
             * Format: int64
             * @description How many of the caller's notifications are unread.
             */
            unread: number;
        };
        /** @description Changes to a group; absent fields stay, `null` clears. */
        UpdateConversation: {
            /** @description New picture URL (http, https, or a path on this server), or null. */
            avatarUrl?: string | null;
            /**
             * @description New description, or null: up to 1000 characters, no control characters but tab and line
             *     breaks.
             */
            description?: string | null;
            /** @description New name. */
            name?: string | null;
        };
        /** @description Profile changes; absent fields stay, `null` clears. */
        UpdateProfile: {
            /** @description New avatar URL (http, https, or a path on this server), or null. */
            avatarUrl?: string | null;
            /** @description New bio, or null: up to 1000 characters, no control characters but tab and line breaks. */
            bio?: string | null;
            /**
             * @description New display name.
             * @example Ada L.
             */
            displayName?: string | null;
            lastSeenVisibility?: components["schemas"]["Visibility"] | null;
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
        /** @description The multipart form of an upload. */
        UploadForm: {
            /**
             * Format: binary
             * @description The file (at most 10 MiB by default). Its type is decided from its content.
             */
            file: string;
        };
        /**
         * @description A user as every client may see it. `email` and `lastSeenVisibility` are only filled in for
         *     the user themself; `status` and `lastSeen` only for those allowed to see them (the user, members
         *     of a conversation shared with them, users they added as contacts; `lastSeen` further by
         *     `lastSeenVisibility`).
         */
        User: {
            /** @description Avatar image URL. */
            avatarUrl?: string | null;
            /** @description Free-text profile. */
            bio?: string | null;
            /**
             * Format: date-time
             * @description When the account was created.
             */
            createdAt: string;
            /**
             * @description Name shown to others.
             * @example Ada Lovelace
             */
            displayName: string;
            /** @description Email address: present only in the user's own profile. */
            email?: string | null;
            /**
             * @description Whether `email` was shown to be the user's (a link sent to it was followed, or their
             *     identity provider vouched for it): present only in the user's own profile.
             */
            emailVerified?: boolean | null;
            /**
             * Format: uuid
             * @description Identifier.
             */
            id: string;
            /**
             * Format: date-time
             * @description When the user was last connected; absent when never, or when the caller may not see it.
             */
            lastSeen?: string | null;
            lastSeenVisibility?: components["schemas"]["Visibility"] | null;
            status?: components["schemas"]["Status"] | null;
            /**
             * @description Unique login name: lowercase letters, digits, `_` and `.`.
             * @example ada
             */
            username: string;
        };
        /** @description The token of a verification link. */
        Verification: {
            /** @description The token from the link. */
            token: string;
        };
        /**
         * @description Who sees when a user was last connected (among those who see their presence at all).
         * @enum {string}
         */
        Visibility: "everyone" | "contacts" | "nobody";
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    admin_dead_letters: {
        parameters: {
            query?: {
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Page size (1–100, default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_DeadLetter"];
                };
            };
            /** @description The query string cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller is not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A query parameter breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    admin_retry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The dead letter */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued again */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller is not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No such dead letter */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_resend: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description If the address is not verified yet, a link is on its way */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Email verification is not on (`not_configured`: CHAT_EMAIL_VERIFICATION) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_verify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Verification"];
            };
        };
        responses: {
            /** @description The address is verified */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unknown, used or expired token (`token`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many attempts from this address; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Logged in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthTokens"];
                };
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Wrong login or password */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A field breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many attempts; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description Logged out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A field breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_provider: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Provider"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_callback: {
        parameters: {
            query?: {
                /** @description The authorization code. */
                code?: string;
                /** @description The `state` of the sign-in. */
                state?: string;
                /** @description The provider's error code, when the sign-in failed there. */
                error?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the web client: `#oidc` (then `POST /api/auth/oidc/redeem`) or `#oidc-error=<message>` */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The query string cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A query parameter breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_redeem: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthTokens"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_start: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the provider's sign-in */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The provider did not answer */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_change_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description Changed; the other logins are ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The account has no password (it signs in with its provider) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Wrong current password, or a new one of the wrong length */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_request_reset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetRequest"];
            };
        };
        responses: {
            /** @description If the account exists and has an email address, a link is on its way */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Password recovery by email is not configured (`not_configured`: no CHAT_SMTP_URL) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A field breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many attempts from this address; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_confirm_reset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetConfirmation"];
            };
        };
        responses: {
            /** @description Password set; every login of the account is ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unknown, used or expired token (`token`), or a password of the wrong length */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many attempts from this address; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description New tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthTokens"];
                };
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unknown, expired, spent or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A field breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this address; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterRequest"];
            };
        };
        responses: {
            /** @description Account created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthTokens"];
                };
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Username or email taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Invalid field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many attempts; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_sessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Active logins */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginSession"][];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_end_session: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Login id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not one of the caller's active logins */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    contacts_list_blocked: {
        parameters: {
            query?: {
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Page size (1–100, default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_User"];
                };
            };
            /** @description The query string cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A query parameter breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    contacts_block: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User to block */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Blocked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller themselves (`userId`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    contacts_unblock: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User to unblock */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unblocked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    contacts_list: {
        parameters: {
            query?: {
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Page size (1–100, default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_User"];
                };
            };
            /** @description The query string cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A query parameter breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    contacts_add: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User to add */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Added */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller themselves (`userId`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    contacts_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User to remove */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_list: {
        parameters: {
            query?: {
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Page size (1–100, default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ConversationSummary"];
                };
            };
            /** @description The query string cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateConversationRequest"];
            };
        };
        responses: {
            /** @description The direct conversation already existed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_get_one: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A flash group, which cannot be changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    conversations_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateConversation"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A flash group, which cannot be changed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A field breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    members_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberList"];
                };
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    members_add: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddMember"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A field breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    members_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
                /** @description Member */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    members_set_role: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
                /** @description Member */
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetRole"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A field breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    messages_history: {
        parameters: {
            query?: {
                /** @description Only messages before this seq (scrolling back). */
                beforeSeq?: number;
                /** @description Only messages after this seq (catching up). */
                afterSeq?: number;
                /** @description Page size (1–100, default 50). */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryPage"];
                };
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A query parameter breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    messages_send: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendMessageRequest"];
            };
        };
        responses: {
            /** @description Already stored under this clientMsgId */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Stored */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not stored in time (`unavailable`): retry with the same clientMsgId */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    messages_react: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
                /** @description Message id */
                messageId: string;
                /**
                 * @description A single emoji
                 * @example 👍
                 */
                emoji: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reactions"];
                };
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The other member of this direct conversation blocked the caller */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The message was deleted, or has the most different reactions already */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `emoji` is not a single emoji, or not an allowed one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    messages_take_back: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
                /** @description Message id */
                messageId: string;
                /**
                 * @description A single emoji
                 * @example 👍
                 */
                emoji: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reactions"];
                };
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The message was deleted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `emoji` is not a single emoji, or not an allowed one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    notifications_mute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MuteRequest"];
            };
        };
        responses: {
            /** @description Muted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `until` is not in the future */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    notifications_unmute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Not muted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    messages_mark_read: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReadRequest"];
            };
        };
        responses: {
            /** @description Recorded */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A field breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    uploads_file: {
        parameters: {
            query: {
                /** @description `original` or `thumbnail`. */
                variant?: "original" | "thumbnail";
                /** @description Expiry of the link (seconds since the epoch). */
                expires: number;
                /** @description Signature of the link. */
                sig: string;
            };
            header?: never;
            path: {
                /** @description Upload id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": unknown;
                };
            };
            /** @description Part of the file */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Bad signature */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not visible to the caller */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The link expired */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Range not satisfiable */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A query parameter breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this address; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    flash_groups_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlashGroupList"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    flash_groups_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateFlashGroupRequest"];
            };
        };
        responses: {
            /** @description Created (kind `flash`, with `expiresAt`) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description TTL out of range, no name, unknown member */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    flash_groups_get_one: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Flash group id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    uploads_job: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Job id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    messages_delete: {
        parameters: {
            query?: {
                /** @description `me` (default: hide for the caller) or `everyone` (sender or admin). */
                scope?: "me" | "everyone";
            };
            header?: never;
            path: {
                /** @description Message id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A query parameter breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    messages_edit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Message id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EditRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A field breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    notifications_list: {
        parameters: {
            query?: {
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Page size (1–100, default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPage"];
                };
            };
            /** @description The query string cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A query parameter breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    notifications_read: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReadNotifications"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unread"];
                };
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A field breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    notifications_unread: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unread"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    messages_search: {
        parameters: {
            query: {
                /**
                 * @description Words that must all appear.
                 * @example invoice
                 */
                q: string;
                /** @description Only this conversation. */
                conversationId?: string;
                /** @description At most this many (1–100, default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResults"];
                };
            };
            /** @description The query string cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `conversationId` is not one of the caller's conversations */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    uploads_upload: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["UploadForm"];
            };
        };
        responses: {
            /** @description Stored; processing is pending */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Upload"];
                };
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Type not accepted */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A field breaks a rule; `details.field` names it */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_search: {
        parameters: {
            query: {
                /**
                 * @description Prefix of a username or display name (case-insensitive), at least 2 characters.
                 * @example ad
                 */
                q: string;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Page size (1–100, default 50). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_User"];
                };
            };
            /** @description The query string cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_delete_account: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeleteAccount"];
            };
        };
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description An account without a password: sign in again first */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The password is missing or wrong */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_update_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProfile"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The body is not valid JSON, or not of the expected shape */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than the server takes (CHAT_MAX_BODY_BYTES, CHAT_UPLOAD_MAX_BYTES) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not `application/json` (`multipart/form-data` for uploads) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_export: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The export, as an attachment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountExport"] & {
                        /** @description Every message the user sent, oldest first (flash groups aside). */
                        messages: components["schemas"]["Message"][];
                    };
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    users_get_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description A path parameter is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The caller's allowance for this kind of action is spent; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    operations_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description No answer within CHAT_REQUEST_DEADLINE_MS, a dependency is down, or the instance is draining; see Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    operations_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
}
