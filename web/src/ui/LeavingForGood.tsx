import { useState, type FormEvent } from "react";
import { errorText } from "../api/rest";
import { deleteAccount, downloadExport } from "../state/account";

/** The user's data: downloaded as a file, or deleted with the account. */
export function LeavingForGood({ onDeleted }: { onDeleted: () => void }) {
  const [password, setPassword] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function download() {
    setError(null);
    try {
      await downloadExport();
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await deleteAccount(password || undefined);
      onDeleted();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Your data">
      <h3>Your data</h3>
      <div className="row">
        <button type="button" onClick={() => void download()}>
          Download my data
        </button>
        {!confirming && (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Delete my account…
          </button>
        )}
      </div>
      {confirming && (
        <>
          <p className="muted small">
            Your logins, contacts, uploads and profile are deleted, and you leave every conversation. This cannot be
            undone.
          </p>
          <label>
            Password <span className="muted">(none if you sign in with another provider)</span>
            <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <div className="row end">
            <button type="button" onClick={() => setConfirming(false)}>
              Keep my account
            </button>
            <button type="submit" className="danger" disabled={busy}>
              Delete my account
            </button>
          </div>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
