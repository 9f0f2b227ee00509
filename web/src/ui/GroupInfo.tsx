import { useMemo, useState, type FormEvent } from "react";
import type { ConversationSummary, Role, User } from "../api/types";
import type { ChatClient, ChatState } from "../state/client";
import { displayName } from "../state/conversations";
import { errorText } from "../api/rest";
import { useModal } from "./hooks";
import { Avatar, statusLabel } from "./Avatar";
import { UserSearch } from "./UserSearch";
import { CloseIcon } from "./icons";

const roleOrder: Record<Role, number> = { owner: 0, admin: 1, member: 2, blocked: 3 };

/**
 * A group's details and members. Owners and admins rename it and add or remove members; only
 * owners grant or take ownership; the last owner hands over before leaving. A flash group's name
 * and members are fixed: it only lists them.
 */
export function GroupInfoDialog({
  client,
  state,
  conversation,
  onClose,
  onLeft,
}: {
  client: ChatClient;
  state: ChatState;
  conversation: ConversationSummary;
  onClose: () => void;
  onLeft: () => void;
}) {
  const { ref, close } = useModal(onClose);
  const me = state.me.id;
  const fixed = conversation.kind === "flash";
  const myRole = conversation.members.find((m) => m.userId === me)?.role ?? "member";
  const isAdmin = myRole !== "member" && !fixed;
  const isOwner = myRole === "owner" && !fixed;
  const [name, setName] = useState(conversation.name ?? "");
  const [description, setDescription] = useState(conversation.description ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const exclude = useMemo(() => new Set(conversation.members.map((m) => m.userId)), [conversation.members]);
  const members = [...conversation.members].sort(
    (a, b) => roleOrder[a.role] - roleOrder[b.role] || displayName(state.users[a.userId]).localeCompare(displayName(state.users[b.userId])),
  );

  /** Runs a change (the state layer then takes the server's view of the group), saying what went wrong. */
  async function run(change: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await change();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const saveDetails = (e: FormEvent) => {
    e.preventDefault();
    void run(() => client.groups.saveDetails(conversation.id, name, description));
  };

  const add = (u: User) => void run(() => client.groups.addMember(conversation.id, u));

  const leave = () =>
    run(async () => {
      await client.groups.leave(conversation.id);
      onLeft();
    });

  const destroy = () =>
    run(async () => {
      await client.groups.destroy(conversation.id);
      onLeft();
    });

  return (
    <dialog ref={ref} className="dialog wide" aria-labelledby="group-title">
      <header>
        <h2 id="group-title">{conversation.name || "Group"}</h2>
        <button type="button" className="ghost icon" onClick={close} aria-label="Close">
          <CloseIcon />
        </button>
      </header>
      {isAdmin ? (
        <form onSubmit={saveDetails} className="stack">
          <label>
            Name
            <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            Description
            <textarea rows={2} maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <div className="row end">
            <button type="submit" disabled={busy}>
              Save details
            </button>
          </div>
        </form>
      ) : fixed ? (
        <p className="muted">A flash group keeps the members it was created with, and disappears when its time is up.</p>
      ) : (
        conversation.description && <p>{conversation.description}</p>
      )}

      <h3>
        Members <span className="muted">({conversation.members.length})</span>
      </h3>
      <ul className="member-list">
        {members.map((m) => {
          const u = state.users[m.userId];
          const name = m.userId === me ? `${displayName(u)} (you)` : displayName(u);
          // Owners change anyone; admins change members and admins, never owners or into owners.
          const canChange = m.userId !== me && isAdmin && (isOwner || m.role !== "owner");
          return (
            <li key={m.userId} className="member">
              <Avatar name={displayName(u)} seed={m.userId} url={u?.avatarUrl} status={u?.status} size={32} />
              <span className="member-name">
                {name}
                <span className="muted small"> {u?.status ? statusLabel[u.status] : ""}</span>
              </span>
              {canChange ? (
                <>
                  <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
                    Role of {displayName(u)}
                  </label>
                  <select
                    id={`role-${m.userId}`}
                    value={m.role}
                    disabled={busy}
                    onChange={(e) => void run(() => client.groups.setRole(conversation.id, m.userId, e.target.value as Role))}
                  >
                    <option value="member">Member</option>
                    <option value="admin">Admin</option>
                    {isOwner && <option value="owner">Owner</option>}
                  </select>
                  <button
                    type="button"
                    className="ghost danger"
                    disabled={busy}
                    aria-label={`Remove ${displayName(u)}`}
                    onClick={() => void run(() => client.groups.removeMember(conversation.id, m.userId))}
                  >
                    Remove
                  </button>
                </>
              ) : (
                <span className="role" data-role={m.role}>
                  {m.role}
                </span>
              )}
            </li>
          );
        })}
      </ul>

      {isAdmin && (
        <section aria-label="Add members">
          <UserSearch exclude={exclude} onPick={add} actionLabel="Add" />
        </section>
      )}

      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row end">
        {fixed ? (
          <button type="button" onClick={close}>
            Close
          </button>
        ) : (
          <button type="button" className="danger" disabled={busy} onClick={() => void leave()}>
            Leave group
          </button>
        )}
        {isOwner && (
          <button type="button" className="danger" disabled={busy} onClick={() => void destroy()}>
            Delete group
          </button>
        )}
      </div>
    </dialog>
  );
}
