import { useId, useMemo, useState, type FormEvent } from "react";
import type { Conversation, User } from "../api/types";
import { ApiError, errorText } from "../api/rest";
import { DEFAULT_TTL_SECONDS, TTL_PRESETS, parseTtlSeconds } from "../state/flash";
import type { Groups } from "../state/groups";
import { useModal } from "./hooks";
import { UserSearch } from "./UserSearch";
import { CloseIcon } from "./icons";

export function NewChatDialog({
  me,
  groups,
  onClose,
  onCreated,
}: {
  me: User;
  groups: Groups;
  onClose: () => void;
  onCreated: (c: Conversation) => void;
}) {
  const { ref, close } = useModal(onClose);
  const [error, setError] = useState<string | null>(null);
  const exclude = useMemo(() => new Set([me.id]), [me.id]);

  async function start(u: User) {
    setError(null);
    try {
      onCreated(await groups.createDirect(u.id));
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="new-chat-title">
      <header>
        <h2 id="new-chat-title">New chat</h2>
        <button type="button" className="ghost icon" onClick={close} aria-label="Close">
          <CloseIcon />
        </button>
      </header>
      <UserSearch exclude={exclude} onPick={start} actionLabel="Chat with" autoFocus />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </dialog>
  );
}

type GroupKind = "group" | "flash";

/** The `details.field` of a 422 answer. */
function fieldOf(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const field = (error.details as { field?: unknown } | undefined)?.field;
  return typeof field === "string" ? field : undefined;
}

/**
 * A group with a name and members; the creator is its owner. Or a flash group: the same, with a
 * lifetime (a preset or a number of seconds), after which it disappears with its messages.
 */
export function NewGroupDialog({
  me,
  groups,
  onClose,
  onCreated,
  initialKind = "group",
}: {
  me: User;
  groups: Groups;
  onClose: () => void;
  onCreated: (c: Conversation) => void;
  initialKind?: GroupKind;
}) {
  const { ref, close } = useModal(onClose);
  const [kind, setKind] = useState<GroupKind>(initialKind);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [members, setMembers] = useState<User[]>([]);
  const [ttlChoice, setTtlChoice] = useState<string>(String(DEFAULT_TTL_SECONDS));
  const [customTtl, setCustomTtl] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [ttlError, setTtlError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const exclude = useMemo(() => new Set([me.id, ...members.map((m) => m.id)]), [me.id, members]);
  const ids = { ttlError: useId(), custom: useId() };
  const flash = kind === "flash";

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setTtlError(null);
    let ttlSeconds = 0;
    if (flash) {
      const ttl = ttlChoice === "custom" ? parseTtlSeconds(customTtl) : Number(ttlChoice);
      if (!ttl) {
        setTtlError("Enter a whole number of seconds.");
        return;
      }
      ttlSeconds = ttl;
    }
    setBusy(true);
    try {
      const memberIds = members.map((m) => m.id);
      onCreated(flash ? await groups.createFlash(name, memberIds, ttlSeconds) : await groups.createGroup(name, description, memberIds));
    } catch (err) {
      // A lifetime out of the server's range: said next to the lifetime.
      if (fieldOf(err) === "ttlSeconds") setTtlError(errorText(err));
      else setError(errorText(err));
      setBusy(false);
    }
  }

  const title = flash ? "New flash group" : "New group";
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="new-group-title">
      <form onSubmit={create}>
        <header>
          <h2 id="new-group-title">{title}</h2>
          <button type="button" className="ghost icon" onClick={close} aria-label="Close">
            <CloseIcon />
          </button>
        </header>
        <fieldset className="segmented">
          <legend className="visually-hidden">Kind of group</legend>
          {(
            [
              ["group", "Group"],
              ["flash", "Flash group"],
            ] as const
          ).map(([value, text]) => (
            <label key={value} className={kind === value ? "chosen" : undefined}>
              <input type="radio" name="group-kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
              {text}
            </label>
          ))}
        </fieldset>
        {flash && <p className="muted small hint">Everything in a flash group disappears when its time is up.</p>}
        <label>
          Name
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} data-autofocus />
        </label>
        {flash ? (
          <fieldset className="ttl" aria-describedby={ttlError ? ids.ttlError : undefined}>
            <legend>Expires after</legend>
            <div className="segmented wrap">
              {TTL_PRESETS.map((p) => (
                <label key={p.seconds} className={ttlChoice === String(p.seconds) ? "chosen" : undefined}>
                  <input
                    type="radio"
                    name="ttl"
                    value={p.seconds}
                    checked={ttlChoice === String(p.seconds)}
                    onChange={() => setTtlChoice(String(p.seconds))}
                  />
                  {p.label}
                </label>
              ))}
              <label className={ttlChoice === "custom" ? "chosen" : undefined}>
                <input type="radio" name="ttl" value="custom" checked={ttlChoice === "custom"} onChange={() => setTtlChoice("custom")} />
                Custom
              </label>
            </div>
            {ttlChoice === "custom" && (
              <label htmlFor={ids.custom} className="custom-ttl">
                Seconds
                <input
                  id={ids.custom}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  required
                  value={customTtl}
                  aria-invalid={ttlError ? "true" : undefined}
                  aria-describedby={ttlError ? ids.ttlError : undefined}
                  onChange={(e) => setCustomTtl(e.target.value)}
                />
              </label>
            )}
            {ttlError && (
              <p className="error small" role="alert" id={ids.ttlError} data-testid="ttl-error">
                {ttlError}
              </p>
            )}
          </fieldset>
        ) : (
          <label>
            <span>
              Description <span className="muted">(optional)</span>
            </span>
            <textarea rows={2} maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
        )}
        <fieldset>
          <legend>Members</legend>
          <ul className="chips">
            {members.map((m) => (
              <li key={m.id} className="chip">
                {m.displayName || m.username}
                <button
                  type="button"
                  className="ghost icon"
                  aria-label={`Remove ${m.displayName || m.username}`}
                  onClick={() => setMembers((list) => list.filter((x) => x.id !== m.id))}
                >
                  <CloseIcon />
                </button>
              </li>
            ))}
            {members.length === 0 && (
              <li className="muted small">{flash ? "Nobody yet: members cannot be added later." : "Nobody yet: you can add people later too."}</li>
            )}
          </ul>
          <UserSearch exclude={exclude} onPick={(u) => setMembers((list) => [...list, u])} actionLabel="Add" />
        </fieldset>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row end">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !name.trim()}>
            {flash ? "Create flash group" : "Create group"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
