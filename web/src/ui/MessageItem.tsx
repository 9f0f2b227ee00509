import { useEffect, useRef, useState, type FocusEvent, type ReactNode } from "react";
import type { Attachment, DeleteScope, Message, User } from "../api/types";
import type { Outgoing } from "../state/outbox";
import type { Receipt } from "../state/receipts";
import { timeLabel } from "../state/days";
import { displayName } from "../state/conversations";
import { formatBytes, isImage } from "../state/uploads";
import { safeFileUrl } from "../state/links";
import { MessageText } from "./MessageText";
import { Reactions } from "./Reactions";
import { CheckIcon, ClockIcon, DoubleCheckIcon, FileIcon } from "./icons";

const receiptText: Record<Receipt, string> = { pending: "Sending", sent: "Sent", delivered: "Delivered", read: "Read" };
const receiptMark: Record<Receipt, ReactNode> = {
  pending: <ClockIcon />,
  sent: <CheckIcon />,
  delivered: <DoubleCheckIcon />,
  read: <DoubleCheckIcon />,
};

export interface MessageActions {
  reply(m: Message): void;
  edit(m: Message): void;
  remove(m: Message, scope: DeleteScope): void;
}

/** What a row needs for a stored message. */
export interface StoredProps {
  message: Message;
  own: boolean;
  sender?: User;
  showSender: boolean;
  receipt: Receipt | null;
  replyTo?: Message;
  replyToSender?: User;
  canDeleteForEveryone: boolean;
  /** Null: the message cannot be acted on (flash groups). */
  actions: MessageActions | null;
  /** A file link of the message no longer loads (links expire): fetch the message again. */
  onLinksExpired?: (m: Message) => void;
  /** Adds our reaction, or takes it back (absent: no reactions, e.g. system messages). */
  onReact?: (m: Message, emoji: string) => void;
}

/** What a row needs for one of ours not acknowledged yet (or refused). */
export interface PendingProps {
  outgoing: Outgoing;
  /** Null: sending again cannot help (its flash group expired). */
  onRetry: (() => void) | null;
  onDiscard: () => void;
}

const attachmentName = (a: Attachment) => a.fileName || (isImage(a) ? "Image" : "File");

/** What a message says, for its accessible name: its text, else what it carries. */
function spokenContent(content: string, attachments: readonly Attachment[] | undefined): string {
  const files = (attachments ?? []).map((a) => (isImage(a) ? `image ${attachmentName(a)}` : `file ${attachmentName(a)}`));
  return [content, ...files].filter(Boolean).join(", ");
}

/**
 * One row of the chat view. Pending and stored rows are the same component with the same key for
 * one message, so the acknowledgement updates the row in place and the keyboard focus stays on it.
 */
export function MessageRow({
  stored,
  pending,
  current,
  onFocus,
}: {
  stored?: StoredProps;
  pending?: PendingProps;
  current: boolean;
  onFocus: () => void;
}) {
  const tab = current ? 0 : -1;
  const focus = (e: FocusEvent) => e.target === e.currentTarget && onFocus();
  if (stored) {
    const { message, own, sender } = stored;
    const system = message.type === "system";
    return (
      <li
        id={`msg-${message.id}`}
        className={`message ${system ? "system" : own ? "own" : "other"}${message.deleted ? " deleted" : ""}`}
        data-seq={message.seq}
        data-message-id={message.id}
        data-status="stored"
        tabIndex={tab}
        onFocus={focus}
        aria-label={`${own ? "You" : displayName(sender)}: ${message.deleted ? "deleted message" : spokenContent(message.content, message.attachments)}`}
      >
        <StoredBody {...stored} tab={tab} />
      </li>
    );
  }
  const { outgoing } = pending!;
  const failed = outgoing.status === "failed";
  return (
    <li
      className={`message own ${failed ? "failed" : "pending"}`}
      data-status={outgoing.status}
      data-client-msg-id={outgoing.clientMsgId}
      tabIndex={tab}
      onFocus={focus}
      aria-label={`You: ${spokenContent(outgoing.content, outgoing.attachments)} (${failed ? "not sent" : "sending"})`}
    >
      <PendingBody {...pending!} tab={tab} />
    </li>
  );
}

function StoredBody({
  message,
  own,
  sender,
  showSender,
  receipt,
  replyTo,
  replyToSender,
  canDeleteForEveryone,
  actions,
  onLinksExpired,
  onReact,
  tab,
}: StoredProps & { tab: number }) {
  const [menu, setMenu] = useState(false);
  const system = message.type === "system";
  return (
    <>
      <div className="bubble">
        {showSender && !own && !system && <div className="sender">{displayName(sender)}</div>}
        {message.replyToId && !message.deleted && (
          <button
            type="button"
            className="quote"
            tabIndex={tab}
            onClick={() => {
              const target = document.getElementById(`msg-${message.replyToId}`);
              target?.scrollIntoView({ block: "center" });
              target?.focus();
            }}
          >
            <span className="quote-name">{replyTo ? displayName(replyToSender) : "Reply"}</span>
            <span className="quote-text">
              {replyTo ? (replyTo.deleted ? "Deleted message" : replyTo.content) : "Earlier message"}
            </span>
          </button>
        )}
        {message.deleted ? (
          <p className="text muted">This message was deleted.</p>
        ) : (
          <>
            {message.attachments.length > 0 && (
              <Attachments items={message.attachments} tab={tab} onExpired={onLinksExpired && (() => onLinksExpired(message))} />
            )}
            {(message.content || message.attachments.length === 0) && (
              <p className="text">
                <MessageText text={message.content} tabbable={tab === 0} />
              </p>
            )}
          </>
        )}
        <div className="meta">
          {message.editedAt && !message.deleted && <span className="edited">edited</span>}
          <time dateTime={message.createdAt}>{timeLabel(message.createdAt)}</time>
          {receipt && (
            <span className={`receipt ${receipt}`} data-receipt={receipt} title={receiptText[receipt]} aria-label={receiptText[receipt]}>
              {receiptMark[receipt]}
            </span>
          )}
        </div>
        {onReact && !system && !message.deleted && (
          <Reactions message={message} tab={tab} onReact={(emoji) => onReact(message, emoji)} />
        )}
      </div>
      {!system && actions && (
        <div className="message-actions">
          <button
            type="button"
            className="ghost icon"
            tabIndex={tab}
            aria-label="Message actions"
            aria-haspopup="menu"
            aria-expanded={menu}
            onClick={() => setMenu((m) => !m)}
          >
            ⋯
          </button>
          {menu && (
            <ActionMenu onClose={() => setMenu(false)}>
              {!message.deleted && (
                <button type="button" role="menuitem" onClick={() => actions.reply(message)}>
                  Reply
                </button>
              )}
              {own && !message.deleted && message.type === "text" && (
                <button type="button" role="menuitem" onClick={() => actions.edit(message)}>
                  Edit
                </button>
              )}
              <button type="button" role="menuitem" onClick={() => actions.remove(message, "me")}>
                Delete for me
              </button>
              {canDeleteForEveryone && !message.deleted && (
                <button type="button" role="menuitem" className="danger" onClick={() => actions.remove(message, "everyone")}>
                  Delete for everyone
                </button>
              )}
            </ActionMenu>
          )}
        </div>
      )}
    </>
  );
}

/** A small menu: focus moves into it, arrows move between items, Escape or a click outside closes it. */
function ActionMenu({ children, onClose }: { children: ReactNode; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const menu = ref.current;
    menu?.querySelector<HTMLButtonElement>("button")?.focus();
    const outside = (e: PointerEvent) => {
      if (menu && !menu.parentElement?.contains(e.target as Node)) onClose();
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [onClose]);
  return (
    <div
      ref={ref}
      className="menu"
      role="menu"
      onClick={(e) => (e.target as HTMLElement).closest("button") && onClose()}
      onKeyDown={(e) => {
        const items = Array.from(ref.current?.querySelectorAll<HTMLButtonElement>("button") ?? []);
        const at = items.indexOf(document.activeElement as HTMLButtonElement);
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
          (ref.current?.parentElement?.querySelector("button") as HTMLButtonElement | null)?.focus();
        } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          e.preventDefault();
          e.stopPropagation();
          const next = (at + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
          items[next]?.focus();
        }
      }}
    >
      {children}
    </div>
  );
}

function PendingBody({ outgoing, onRetry, onDiscard, tab }: PendingProps & { tab: number }) {
  const failed = outgoing.status === "failed";
  const attachments = outgoing.attachments ?? [];
  return (
    <div className="bubble">
      {attachments.length > 0 && <Attachments items={attachments} tab={tab} />}
      {(outgoing.content || attachments.length === 0) && (
        <p className="text">
          <MessageText text={outgoing.content} tabbable={tab === 0} />
        </p>
      )}
      <div className="meta">
        <time dateTime={outgoing.createdAt}>{timeLabel(outgoing.createdAt)}</time>
        {failed ? (
          <span className="receipt failed" data-receipt="failed">
            Not sent{outgoing.error ? `: ${outgoing.error}` : ""}
          </span>
        ) : (
          <span className="receipt pending" data-receipt="pending" title="Sending" aria-label="Sending">
            {receiptMark.pending}
          </span>
        )}
      </div>
      {failed && (
        <div className="row small">
          {onRetry && (
            <button type="button" tabIndex={tab} onClick={onRetry}>
              Retry
            </button>
          )}
          <button type="button" tabIndex={tab} className="ghost" onClick={onDiscard}>
            Discard
          </button>
        </div>
      )}
    </div>
  );
}

/** The largest box a thumbnail is shown in, keeping its proportions. */
const THUMB_MAX = 240;

function thumbSize(a: Attachment): { width: number; height: number } | undefined {
  if (!a.width || !a.height) return undefined;
  const scale = Math.min(1, THUMB_MAX / a.width, THUMB_MAX / a.height);
  return { width: Math.max(1, Math.round(a.width * scale)), height: Math.max(1, Math.round(a.height * scale)) };
}

/**
 * Images as thumbnails that open the full image in a new tab; other files as a download link with
 * their name and size. The URLs are signed: they work without a token, until they expire.
 */
function Attachments({ items, tab, onExpired }: { items: readonly Attachment[]; tab: number; onExpired?: () => void }) {
  return (
    <ul className="attachments">
      {items.map((a) => (
        <li key={a.id}>
          <AttachmentView attachment={a} tab={tab} onExpired={onExpired} />
        </li>
      ))}
    </ul>
  );
}

function AttachmentView({ attachment: a, tab, onExpired }: { attachment: Attachment; tab: number; onExpired?: () => void }) {
  const [broken, setBroken] = useState(false);
  // The thumbnail that failed: once, the message is fetched again for fresh links (they expire);
  // if the fresh one fails too, the image is shown as broken.
  const [failed, setFailed] = useState<string | null>(null);
  const name = attachmentName(a);
  const url = safeFileUrl(a.url, window.location.origin);
  const thumb = safeFileUrl(a.thumbnailUrl, window.location.origin) ?? url;
  if (!url) {
    return (
      <span className="attachment-file" data-attachment-id={a.id}>
        <FileIcon />
        <span className="attachment-name">{name}</span>
        <span className="attachment-size">unavailable</span>
      </span>
    );
  }
  if (isImage(a) && thumb && !broken) {
    const size = thumbSize(a);
    return (
      <a
        className="attachment-image"
        href={url}
        target="_blank"
        rel="noopener noreferrer"
        tabIndex={tab}
        aria-label={`Open image ${name} in a new tab`}
        data-attachment-id={a.id}
      >
        <img
          src={thumb}
          alt={name}
          width={size?.width}
          height={size?.height}
          onError={() => {
            if (onExpired && failed === null) {
              setFailed(thumb);
              onExpired();
            } else {
              setBroken(true);
            }
          }}
        />
      </a>
    );
  }
  return (
    <a className="attachment-file" href={url} download={a.fileName || ""} tabIndex={tab} data-attachment-id={a.id}>
      <FileIcon />
      <span className="attachment-name">{name}</span>
      <span className="attachment-size">{formatBytes(a.size)}</span>
    </a>
  );
}
