import type { SettableStatus } from "../api/types";
import type { ChatClient, ChatState } from "../state/client";
import { lastMessagePreview, peerOf, sortByActivity, titleOf } from "../state/conversations";
import { timeLabel, localDayKey } from "../state/days";
import { Avatar, statusLabel } from "./Avatar";
import { Countdown } from "./Countdown";
import { useState } from "react";
import { CloseIcon, PaperclipIcon, PhotoIcon } from "./icons";

/** The statuses one can choose, in the order offered. */
const SETTABLE: readonly SettableStatus[] = ["online", "away", "busy"];

function listTime(at: string): string {
  const d = new Date(at);
  if (localDayKey(d) === localDayKey(new Date())) return timeLabel(d);
  return d.toLocaleDateString(undefined, { day: "numeric", month: "short" });
}

export function Sidebar({
  client,
  state,
  onOpen,
  onNewChat,
  onNewGroup,
  onProfile,
  onLogout,
}: {
  client: ChatClient;
  state: ChatState;
  onOpen: (id: string) => void;
  onNewChat: () => void;
  onNewGroup: () => void;
  onProfile: () => void;
  onLogout: () => Promise<void>;
}) {
  const me = state.me;
  const [statusError, setStatusError] = useState<string | null>(null);
  const list = sortByActivity(Object.values(state.conversations));
  const myStatus: SettableStatus = !me.status || me.status === "offline" ? "online" : me.status;

  return (
    <aside className="sidebar" aria-label="Conversations">
      <header className="sidebar-header">
        <button type="button" className="me" onClick={onProfile} aria-label="Edit profile" title="Edit profile">
          <Avatar name={me.displayName || me.username} seed={me.id} url={me.avatarUrl} status={myStatus} size={36} />
          <span className="me-text">
            <span className="me-name">{me.displayName || me.username}</span>
            <span className="muted small">@{me.username}</span>
          </span>
        </button>
        <button type="button" className="ghost" onClick={() => void onLogout()}>
          Log out
        </button>
      </header>
      {statusError && (
        <p className="error small" role="alert">
          {statusError}
        </p>
      )}
      <ConnectionBanner state={state} />
      <div className="sidebar-actions">
        <button type="button" className="primary" onClick={onNewChat}>
          New chat
        </button>
        <button type="button" onClick={onNewGroup}>
          New group
        </button>
        <label className="visually-hidden" htmlFor="my-status">
          My status
        </label>
        <select
          id="my-status"
          className="status-select"
          value={myStatus}
          onChange={async (e) => {
            const status = SETTABLE.find((s) => s === e.target.value);
            if (status) setStatusError(await client.setStatus(status));
          }}
        >
          {SETTABLE.map((s) => (
            <option key={s} value={s}>
              {statusLabel[s]}
            </option>
          ))}
        </select>
      </div>
      {state.notice && (
        <div className="notice" role="alert">
          <span>{state.notice}</span>
          <button type="button" className="ghost" onClick={() => client.dismissNotice()} aria-label="Dismiss">
            <CloseIcon />
          </button>
        </div>
      )}
      <nav aria-label="Conversation list">
        <ul className="conversation-list">
          {list.map((c) => {
            const peer = peerOf(c, me.id);
            const peerUser = peer ? state.users[peer] : undefined;
            const title = titleOf(c, me.id, state.users);
            const typing = state.typing[c.id] ?? [];
            const flash = c.kind === "flash";
            const expired = !!state.expired[c.id];
            const pending = state.outbox.filter((o) => o.conversationId === c.id && o.status === "pending");
            const uploading = state.uploads.filter((u) => u.conversationId === c.id && u.phase !== "failed");
            const lastPending = pending[pending.length - 1];
            const showsLast = !expired && !typing.length && !uploading.length && !lastPending;
            const preview = expired
              ? "This flash group has expired"
              : typing.length
                ? "typing…"
                : uploading.length
                  ? `Sending ${uploading[uploading.length - 1]!.fileName}…`
                  : lastPending
                    ? `Sending: ${lastPending.content || (lastPending.attachments?.length ? "File" : "")}`
                    : lastMessagePreview(c.lastMessage);
            const when = c.lastMessage?.createdAt ?? c.createdAt;
            const unread = expired ? 0 : c.unreadCount;
            return (
              <li key={c.id} className={`${flash ? "flash" : ""}${expired ? " expired" : ""}`.trim() || undefined}>
                <button
                  type="button"
                  className="conversation"
                  aria-current={state.activeId === c.id ? "true" : undefined}
                  data-conversation-id={c.id}
                  data-kind={c.kind}
                  data-expired={expired ? "true" : undefined}
                  onClick={() => onOpen(c.id)}
                  aria-label={`${title}${flash ? (expired ? ", flash group, expired" : ", flash group") : ""}${unread ? `, ${unread} unread` : ""}${peerUser?.status ? `, ${statusLabel[peerUser.status]}` : ""}`}
                  aria-describedby={flash && !expired ? `countdown-${c.id}` : undefined}
                >
                  <Avatar
                    name={title}
                    seed={peer ?? c.id}
                    url={peerUser?.avatarUrl ?? c.avatarUrl}
                    status={c.kind === "direct" ? (peerUser?.status ?? "offline") : undefined}
                  />
                  <span className="conversation-text">
                    <span className="conversation-top">
                      <span className="conversation-title">{title}</span>
                      {flash ? (
                        <Countdown expiresAt={c.expiresAt} expired={expired} id={`countdown-${c.id}`} />
                      ) : (
                        <time dateTime={when}>{listTime(when)}</time>
                      )}
                    </span>
                    <span className="conversation-bottom">
                      <span className={`preview${typing.length ? " typing" : ""}`}>
                        {showsLast && !c.lastMessage?.deleted && c.lastMessage?.type === "image" && <PhotoIcon />}
                        {showsLast && !c.lastMessage?.deleted && c.lastMessage?.type === "file" && <PaperclipIcon />}
                        {preview}
                      </span>
                      {unread > 0 && (
                        <span className="badge" data-testid="unread">
                          {unread > 99 ? "99+" : unread}
                        </span>
                      )}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
        {state.listLoaded && list.length === 0 && <p className="muted pad">Start a chat with “New chat”.</p>}
      </nav>
    </aside>
  );
}

function ConnectionBanner({ state }: { state: ChatState }) {
  if (state.connection === "online") return null;
  const waiting = state.outbox.filter((o) => o.status === "pending").length;
  const text =
    state.connection === "offline"
      ? "You are offline."
      : "Connecting…";
  return (
    <p className={`connection ${state.connection}`} role="status" data-connection={state.connection}>
      {text}
      {waiting > 0 && ` ${waiting} message${waiting > 1 ? "s" : ""} will be sent when you are back online.`}
    </p>
  );
}
