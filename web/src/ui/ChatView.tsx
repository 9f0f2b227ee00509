import { useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { ConversationSummary } from "../api/types";
import type { ChatClient, ChatState } from "../state/client";
import { displayName, peerOf, titleOf } from "../state/conversations";
import { dayLabel, groupByDay } from "../state/days";
import { receiptOf } from "../state/receipts";
import { buildTimeline, emptyThread, type TimelineItem } from "../state/timeline";
import { errorText } from "../api/rest";
import { Avatar, statusLabel } from "./Avatar";
import { MessageRow, type MessageActions } from "./MessageItem";
import { Composer, type Draft } from "./Composer";
import { Countdown } from "./Countdown";
import { EXPIRED_TEXT } from "../state/flash";
import { useNow } from "./hooks";

const timeOf = (i: TimelineItem) => (i.kind === "stored" ? i.message.createdAt : i.outgoing.createdAt);

function lastSeenText(at: string | null | undefined, now: number): string {
  if (!at) return "Offline";
  const minutes = Math.round((now - Date.parse(at)) / 60_000);
  if (minutes < 1) return "Last seen just now";
  if (minutes < 60) return `Last seen ${minutes} min ago`;
  const d = new Date(at);
  return `Last seen ${d.toLocaleDateString(undefined, { day: "numeric", month: "short" })} ${d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}`;
}

export function ChatView({
  client,
  state,
  conversation,
  onBack,
  onGroupInfo,
}: {
  client: ChatClient;
  state: ChatState;
  conversation: ConversationSummary;
  onBack: () => void;
  onGroupInfo: () => void;
}) {
  const me = state.me.id;
  const id = conversation.id;
  const thread = state.threads[id] ?? emptyThread;
  const pending = useMemo(() => state.outbox.filter((o) => o.conversationId === id), [state.outbox, id]);
  const items = useMemo(() => buildTimeline(thread.messages, pending, me), [thread.messages, pending, me]);
  const groups = useMemo(() => groupByDay(items, timeOf), [items]);
  const byId = useMemo(() => new Map(thread.messages.map((m) => [m.id, m])), [thread.messages]);
  const now = useNow(30_000);

  const [draft, setDraft] = useState<Draft>({ mode: "new" });
  const [error, setError] = useState<string | null>(null);
  const [currentKey, setCurrentKey] = useState<string | null>(null);
  const scroller = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const beforeOlder = useRef<{ height: number; top: number } | null>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);

  const flash = conversation.kind === "flash";
  const expired = !!state.expired[id];
  const uploads = useMemo(() => state.uploads.filter((u) => u.conversationId === id), [state.uploads, id]);
  const myRole = conversation.members.find((m) => m.userId === me)?.role;
  const isAdmin = myRole === "admin" || myRole === "owner";
  const peer = peerOf(conversation, me);
  // In a direct conversation, the other member's role is `blocked` once I blocked them, and mine
  // once they blocked me.
  const roleOf = (user: string | null | undefined) => conversation.members.find((m) => m.userId === user)?.role;
  const blockedByMe = conversation.kind === "direct" && roleOf(peer) === "blocked";
  const blockedMe = conversation.kind === "direct" && roleOf(me) === "blocked";
  const peerUser = peer ? state.users[peer] : undefined;
  const title = titleOf(conversation, me, state.users);
  const typing = (state.typing[id] ?? []).filter((u) => u !== me);
  const typingText =
    typing.length === 0
      ? null
      : conversation.kind === "direct"
        ? `${displayName(state.users[typing[0]!])} is typing…`
        : typing.length === 1
          ? `${displayName(state.users[typing[0]!])} is typing…`
          : `${typing.length} people are typing…`;
  const subtitle = expired
    ? EXPIRED_TEXT
    : state.connection !== "online"
      ? "Waiting for the network…"
      : conversation.kind === "direct"
      ? peerUser?.status
        ? peerUser.status === "offline"
          ? lastSeenText(peerUser.lastSeen, now)
          : statusLabel[peerUser.status]
        : ""
      : `${conversation.members.length} member${conversation.members.length === 1 ? "" : "s"}`;

  // Keep the view at the bottom while the reader is there; keep it still when older history is
  // added above.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (beforeOlder.current) {
      el.scrollTop = beforeOlder.current.top + (el.scrollHeight - beforeOlder.current.height);
      beforeOlder.current = null;
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [items, typingText]);

  const loadOlder = useCallback(() => {
    const el = scroller.current;
    if (!el || !thread.hasMoreBefore || thread.loadingOlder) return;
    beforeOlder.current = { height: el.scrollHeight, top: el.scrollTop };
    void client.loadOlder(id);
  }, [client, id, thread.hasMoreBefore, thread.loadingOlder]);

  // A first page too short to scroll still offers older history.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && thread.loaded && thread.hasMoreBefore && el.scrollHeight <= el.clientHeight) loadOlder();
  }, [thread.loaded, thread.hasMoreBefore, items, loadOlder]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    if (el.scrollTop < 120) loadOlder();
  };

  const actions: MessageActions = {
    reply: (m) => {
      setDraft({ mode: "reply", message: m });
      composerRef.current?.focus();
    },
    edit: (m) => {
      setDraft({ mode: "edit", message: m });
      composerRef.current?.focus();
    },
    remove: (m, scope) => {
      setError(null);
      client.deleteMessage(m, scope).catch((e) => setError(errorText(e)));
    },
  };

  async function submit(text: string): Promise<boolean> {
    setError(null);
    if (draft.mode === "edit") {
      try {
        await client.editMessage(draft.message, text);
      } catch (e) {
        setError(errorText(e));
        return false;
      }
    } else {
      stick.current = true;
      client.send(id, text, draft.mode === "reply" ? draft.message.id : null);
    }
    setDraft({ mode: "new" });
    return true;
  }

  // Roving focus in the message list: one message is in the tab order; arrows move between them.
  const keys = items.map((i) => i.key);
  const current = currentKey && keys.includes(currentKey) ? currentKey : (keys[keys.length - 1] ?? null);
  const onListKey = (e: KeyboardEvent<HTMLOListElement>) => {
    if (!["ArrowUp", "ArrowDown", "Home", "End"].includes(e.key)) return;
    const target = e.target as HTMLElement;
    if (!target.matches("li.message")) return;
    e.preventDefault();
    const all = Array.from(scroller.current?.querySelectorAll<HTMLLIElement>("li.message") ?? []);
    const at = all.indexOf(target as HTMLLIElement);
    const next =
      e.key === "Home" ? 0 : e.key === "End" ? all.length - 1 : Math.max(0, Math.min(all.length - 1, at + (e.key === "ArrowUp" ? -1 : 1)));
    all[next]?.focus();
    if (next === 0) loadOlder();
  };

  const senderOfRun = (list: TimelineItem[], i: number): boolean => {
    const item = list[i]!;
    if (item.kind !== "stored") return false;
    const prev = list[i - 1];
    return !prev || prev.kind !== "stored" || prev.message.senderId !== item.message.senderId;
  };

  return (
    <section className={`chat${flash ? " flash" : ""}${expired ? " expired" : ""}`} aria-labelledby="chat-title" data-expired={expired ? "true" : undefined}>
      <header className="chat-header">
        <button type="button" className="ghost icon back" onClick={onBack} aria-label="Back to conversations">
          ←
        </button>
        <Avatar
          name={title}
          seed={peer ?? id}
          url={peerUser?.avatarUrl ?? conversation.avatarUrl}
          status={conversation.kind === "direct" ? (peerUser?.status ?? "offline") : undefined}
        />
        <div className="chat-title">
          <h2 id="chat-title">{title}</h2>
          <div className="subtitle-row">
            {flash && <Countdown expiresAt={conversation.expiresAt} expired={expired} />}
            <p className="subtitle" data-testid="chat-subtitle">
              {typingText ?? subtitle}
            </p>
          </div>
        </div>
        {conversation.kind !== "direct" && (
          <button type="button" onClick={onGroupInfo}>
            Members
          </button>
        )}
        {conversation.kind === "direct" && peer && (
          <button
            type="button"
            onClick={() => {
              setError(null);
              (blockedByMe ? client.unblock(peer) : client.block(peer)).catch((e) => setError(errorText(e)));
            }}
          >
            {blockedByMe ? "Unblock" : "Block"}
          </button>
        )}
      </header>

      <ol
        className="messages"
        ref={scroller}
        onScroll={onScroll}
        onKeyDown={onListKey}
        role="log"
        aria-label={`Messages with ${title}`}
        aria-busy={!thread.loaded || thread.loadingOlder}
      >
        {thread.loaded && !thread.hasMoreBefore && (
          <li className="history-start muted">{items.length ? "This is the beginning of the conversation." : "No messages yet. Say hello!"}</li>
        )}
        {thread.loadingOlder && <li className="history-start muted">Loading older messages…</li>}
        {!thread.loaded && <li className="history-start muted">Loading…</li>}
        {groups.map((g) => (
          <li key={g.key} className="day" data-day={g.key}>
            <h3 className="day-label">
              <span>{dayLabel(g.day, new Date(now))}</span>
            </h3>
            <ol className="day-messages">
              {g.items.map((item, i) => (
                <MessageRow
                  key={item.key}
                  current={current === item.key}
                  onFocus={() => setCurrentKey(item.key)}
                  stored={
                    item.kind === "stored"
                      ? {
                          message: item.message,
                          own: item.message.senderId === me,
                          sender: state.users[item.message.senderId],
                          showSender: conversation.kind !== "direct" && senderOfRun(g.items, i),
                          receipt: receiptOf(item.message, me, conversation.members, state.positions[id]),
                          replyTo: item.message.replyToId ? byId.get(item.message.replyToId) : undefined,
                          replyToSender: item.message.replyToId
                            ? state.users[byId.get(item.message.replyToId)?.senderId ?? ""]
                            : undefined,
                          canDeleteForEveryone: item.message.senderId === me || isAdmin,
                          // Flash-group messages cannot be edited, deleted or replied to.
                          actions: flash ? null : actions,
                          onLinksExpired: (m) => void client.refreshLinks(m),
                          onReact: (m, emoji) => void client.react(m, emoji).catch((e) => setError(errorText(e))),
                        }
                      : undefined
                  }
                  pending={
                    item.kind === "pending"
                      ? {
                          outgoing: item.outgoing,
                          onRetry: expired ? null : () => client.retrySend(item.outgoing.clientMsgId),
                          onDiscard: () => client.discard(item.outgoing.clientMsgId),
                        }
                      : undefined
                  }
                />
              ))}
            </ol>
          </li>
        ))}
      </ol>

      <p className="typing-indicator" aria-live="polite" data-testid="typing">
        {typingText ?? ""}
      </p>
      {error && (
        <p className="error small pad" role="alert">
          {error}
        </p>
      )}
      <Composer
        key={id}
        closed={expired ? EXPIRED_TEXT : blockedMe ? "You can no longer send messages in this conversation." : null}
        uploads={uploads}
        onFiles={(files) => {
          stick.current = true;
          for (const f of files) client.sendFile(id, f, f.name || "file");
        }}
        onCancelUpload={(localId) => client.cancelUpload(localId)}
        onRetryUpload={(localId) => client.retryUpload(localId)}
        inputRef={composerRef}
        draft={draft}
        draftAuthor={draft.mode === "new" ? "" : draft.message.senderId === me ? "yourself" : displayName(state.users[draft.message.senderId])}
        onCancel={() => setDraft({ mode: "new" })}
        onTyping={() => client.typing(id)}
        onSubmit={submit}
        label={`Message ${title}`}
        // From the composer, Shift+Tab enters the messages at the newest one.
        onFocus={() => setCurrentKey(null)}
      />
    </section>
  );
}

