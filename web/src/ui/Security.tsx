import { useEffect, useState, type FormEvent } from "react";
import type { LoginSession } from "../api/types";
import { errorText } from "../api/rest";
import { changePassword, deviceLabel, devices, signOutDevice } from "../state/account";
import { LeavingForGood } from "./LeavingForGood";

/** The profile's security part: the devices signed in, a password change, and leaving for good. */
export function Security({ onDeleted }: { onDeleted: () => void }) {
  const [list, setList] = useState<LoginSession[] | null>(null);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = () =>
    devices()
      .then(setList)
      .catch((err: unknown) => setMessage({ error: true, text: errorText(err) }));
  useEffect(() => {
    void reload();
  }, []);

  async function signOut(id: string) {
    try {
      await signOutDevice(id);
      await reload();
    } catch (err) {
      setMessage({ error: true, text: errorText(err) });
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      await changePassword(current, next);
      setCurrent("");
      setNext("");
      setMessage({ error: false, text: "Password changed. Your other devices were signed out." });
      await reload();
    } catch (err) {
      setMessage({ error: true, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="security" aria-labelledby="security-title">
      <h3 id="security-title">Devices</h3>
      <ul className="devices">
        {(list ?? []).map((s) => (
          <li key={s.id} data-session-id={s.id}>
            <span>
              {deviceLabel(s)}
              {s.current ? <span className="muted small"> · this device</span> : null}
              <span className="muted small block">
                {s.address ?? ""} · since {new Date(s.createdAt).toLocaleString()}
              </span>
            </span>
            {!s.current && (
              <button type="button" className="ghost" onClick={() => void signOut(s.id)}>
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={submit} aria-label="Change password">
        <h3>Password</h3>
        <label>
          Current password
          <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </label>
        <label>
          New password
          <input type="password" autoComplete="new-password" required minLength={8} value={next} onChange={(e) => setNext(e.target.value)} />
        </label>
        {message && (
          <p className={message.error ? "error" : "success"} role={message.error ? "alert" : "status"}>
            {message.text}
          </p>
        )}
        <div className="row end">
          <button type="submit" disabled={busy}>
            Change password
          </button>
        </div>
      </form>
      <LeavingForGood onDeleted={onDeleted} />
    </section>
  );
}
