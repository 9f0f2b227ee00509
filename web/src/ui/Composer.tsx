import { useEffect, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent, type RefObject } from "react";
import type { Message } from "../api/types";
import { formatBytes, progressOf, type UploadTask } from "../state/uploads";
import { CloseIcon, PaperclipIcon } from "./icons";

export type Draft = { mode: "new" } | { mode: "reply"; message: Message } | { mode: "edit"; message: Message };

/**
 * The message box: Enter sends, Shift+Enter starts a new line, Escape cancels a reply or an edit.
 * The attach button (or pasting an image) sends files; their progress shows above the box, each
 * with a cancel. `closed` (a reason) disables it all: the conversation takes no more messages.
 */
export function Composer({
  draft,
  draftAuthor,
  onCancel,
  onTyping,
  onSubmit,
  inputRef,
  label,
  onFocus,
  closed = null,
  uploads = [],
  onFiles,
  onCancelUpload,
  onRetryUpload,
}: {
  draft: Draft;
  draftAuthor: string;
  onCancel: () => void;
  onTyping: () => void;
  onSubmit: (text: string) => Promise<boolean>;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  label: string;
  onFocus?: () => void;
  closed?: string | null;
  uploads?: readonly UploadTask[];
  onFiles?: (files: File[]) => void;
  onCancelUpload?: (localId: string) => void;
  onRetryUpload?: (localId: string) => void;
}) {
  const [text, setText] = useState("");
  const [saved, setSaved] = useState("");
  const fileInput = useRef<HTMLInputElement>(null);

  // Editing puts the message's text in the box; leaving the edit gives the draft back.
  useEffect(() => {
    if (draft.mode === "edit") {
      setSaved((s) => s || text);
      setText(draft.message.content);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);

  const cancel = () => {
    if (draft.mode === "edit") {
      setText(saved);
      setSaved("");
    }
    onCancel();
  };

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const value = text.trim();
    if (!value || closed) return;
    const wasEdit = draft.mode === "edit";
    if (await onSubmit(value)) {
      setText(wasEdit ? saved : "");
      setSaved("");
    }
    inputRef.current?.focus();
  }

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    } else if (e.key === "Escape" && draft.mode !== "new") {
      e.preventDefault();
      cancel();
    }
  };

  // A pasted image (a screenshot) is sent as a file.
  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(e.clipboardData.files);
    if (files.length === 0 || !onFiles || closed) return;
    e.preventDefault();
    onFiles(files);
  };

  const canAttach = !!onFiles && !closed && draft.mode !== "edit";

  return (
    <form className={`composer${closed ? " closed" : ""}`} onSubmit={submit} aria-disabled={closed ? "true" : undefined}>
      {closed && (
        <p className="composer-closed" role="status" data-testid="composer-closed">
          {closed}
        </p>
      )}
      {uploads.length > 0 && (
        <ul className="uploads" aria-label="Files being sent">
          {uploads.map((u) => (
            <UploadRow
              key={u.localId}
              task={u}
              onCancel={() => {
                onCancelUpload?.(u.localId);
                inputRef.current?.focus();
              }}
              onRetry={() => onRetryUpload?.(u.localId)}
            />
          ))}
        </ul>
      )}
      {draft.mode !== "new" && !closed && (
        <div className="draft-context">
          <div>
            <strong>{draft.mode === "edit" ? "Editing message" : `Replying to ${draftAuthor}`}</strong>
            <span className="draft-text">{draft.message.content}</span>
          </div>
          <button type="button" className="ghost icon" onClick={cancel} aria-label={draft.mode === "edit" ? "Cancel edit" : "Cancel reply"}>
            <CloseIcon />
          </button>
        </div>
      )}
      <div className="composer-row">
        {onFiles && (
          <>
            <button
              type="button"
              className="ghost icon attach"
              aria-label="Attach a file"
              title="Attach a file"
              disabled={!canAttach}
              onClick={() => fileInput.current?.click()}
            >
              <PaperclipIcon />
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              tabIndex={-1}
              aria-hidden="true"
              data-testid="file-input"
              onChange={(e) => {
                const files = Array.from(e.target.files ?? []);
                e.target.value = ""; // the same file can be picked again
                if (files.length) onFiles(files);
              }}
            />
          </>
        )}
        <textarea
          ref={inputRef}
          rows={1}
          value={closed ? "" : text}
          placeholder={closed ? closed : "Write a message"}
          aria-label={label}
          maxLength={4000}
          disabled={!!closed}
          onChange={(e) => {
            setText(e.target.value);
            if (draft.mode !== "edit" && e.target.value) onTyping();
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onFocus={onFocus}
        />
        <button type="submit" className="primary" disabled={!!closed || !text.trim()}>
          {draft.mode === "edit" ? "Save" : "Send"}
        </button>
      </div>
    </form>
  );
}

/** One file on its way: name, size, a progress bar, and what can be done about it. */
function UploadRow({ task, onCancel, onRetry }: { task: UploadTask; onCancel: () => void; onRetry: () => void }) {
  const percent = Math.round(progressOf(task) * 100);
  const status =
    task.phase === "uploading" ? `Uploading ${percent}%` : task.phase === "processing" ? "Processing…" : (task.error ?? "Failed");
  return (
    <li className={`upload ${task.phase}`} data-phase={task.phase}>
      <div className="upload-text">
        <span className="upload-name">{task.fileName}</span>
        <span className="muted small">{formatBytes(task.size)}</span>
        <span className={`small upload-status${task.phase === "failed" ? " error" : ""}`} role={task.phase === "failed" ? "alert" : undefined}>
          {status}
        </span>
      </div>
      {task.phase !== "failed" && (
        <progress
          max={100}
          value={task.phase === "processing" ? undefined : percent}
          aria-label={`${task.phase === "processing" ? "Processing" : "Uploading"} ${task.fileName}`}
        />
      )}
      <div className="row">
        {task.phase === "failed" && task.retryable && (
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        )}
        <button type="button" className="ghost" onClick={onCancel} aria-label={`${task.phase === "failed" ? "Dismiss" : "Cancel"} ${task.fileName}`}>
          {task.phase === "failed" ? "Dismiss" : "Cancel"}
        </button>
      </div>
    </li>
  );
}
