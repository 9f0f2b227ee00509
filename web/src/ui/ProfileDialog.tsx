import { useState, type FormEvent } from "react";
import type { User, Visibility } from "../api/types";
import { errorText } from "../api/rest";
import type { ChatClient } from "../state/client";
import { useModal } from "./hooks";
import { Avatar } from "./Avatar";
import { CloseIcon } from "./icons";
import { Security } from "./Security";
import { resendVerification } from "../state/account";

export function ProfileDialog({
  client,
  me,
  onClose,
  onSaved,
  onDeleted,
}: {
  client: ChatClient;
  me: User;
  onClose: () => void;
  onSaved: (u: User) => void;
  onDeleted: () => void;
}) {
  const { ref, close } = useModal(onClose);
  const [displayName, setDisplayName] = useState(me.displayName);
  const [bio, setBio] = useState(me.bio ?? "");
  const [avatarUrl, setAvatarUrl] = useState(me.avatarUrl ?? "");
  const [lastSeenVisibility, setLastSeenVisibility] = useState<Visibility>(me.lastSeenVisibility ?? "everyone");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const user = await client.updateProfile({ displayName, bio, avatarUrl, lastSeenVisibility });
      onSaved(user);
      setSaved(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="profile-title">
      <form onSubmit={save}>
        <header>
          <h2 id="profile-title">Profile</h2>
          <button type="button" className="ghost icon" onClick={close} aria-label="Close">
            <CloseIcon />
          </button>
        </header>
        <div className="profile-head">
          <Avatar name={displayName || me.username} seed={me.id} url={avatarUrl} size={56} />
          <div>
            <div className="name">@{me.username}</div>
            {me.email && <EmailLine email={me.email} verified={me.emailVerified} />}
          </div>
        </div>
        <label>
          Display name
          <input required maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label>
          About
          <textarea rows={3} maxLength={1000} value={bio} onChange={(e) => setBio(e.target.value)} />
        </label>
        <label>
          <span>
            Picture URL <span className="muted">(https://…)</span>
          </span>
          <input type="url" value={avatarUrl} onChange={(e) => setAvatarUrl(e.target.value)} placeholder="https://" />
        </label>
        <label>
          Who sees when I was last online
          <select value={lastSeenVisibility} onChange={(e) => setLastSeenVisibility(e.target.value as Visibility)}>
            <option value="everyone">People in my conversations and my contacts</option>
            <option value="contacts">Only my contacts</option>
            <option value="nobody">Nobody</option>
          </select>
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {saved && (
          <p className="success" role="status">
            Saved.
          </p>
        )}
        <div className="row end">
          <button type="button" onClick={close}>
            Close
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
      <Security onDeleted={onDeleted} />
    </dialog>
  );
}

/** The user's address, and whether it is verified (with a way to ask for the link again). */
function EmailLine({ email, verified }: { email: string; verified: boolean | null | undefined }) {
  const [sent, setSent] = useState<string | null>(null);
  const resend = () =>
    resendVerification().then(
      () => setSent("A new link is on its way."),
      (err: unknown) => setSent(errorText(err)),
    );
  return (
    <div className="muted small">
      {email}
      {verified === false && (
        <>
          {" · not verified · "}
          {sent ?? (
            <button type="button" className="link" onClick={() => void resend()}>
              Send the link again
            </button>
          )}
        </>
      )}
    </div>
  );
}
