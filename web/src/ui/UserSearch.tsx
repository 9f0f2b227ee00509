import { useEffect, useId, useState } from "react";
import type { User } from "../api/types";
import { api } from "../services";
import { errorText } from "../api/rest";
import { useDebounced } from "./hooks";
import { Avatar } from "./Avatar";

/** Finds people by username or display name prefix (GET /api/users?q=). */
export function UserSearch({
  exclude,
  onPick,
  actionLabel,
  autoFocus,
}: {
  exclude: ReadonlySet<string>;
  onPick: (u: User) => void;
  actionLabel: string;
  autoFocus?: boolean;
}) {
  const [q, setQ] = useState("");
  const query = useDebounced(q.trim(), 250);
  const [results, setResults] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const inputId = useId();

  useEffect(() => {
    // The directory is searched, never listed: the server wants at least two characters.
    if (query.length < 2) {
      setResults([]);
      return;
    }
    let live = true;
    setSearching(true);
    api
      .searchUsers(query)
      .then((page) => live && (setResults(page.items), setError(null)))
      .catch((e) => live && setError(errorText(e)))
      .finally(() => live && setSearching(false));
    return () => {
      live = false;
    };
  }, [query]);

  const shown = results.filter((u) => !exclude.has(u.id));
  return (
    <div className="user-search">
      <label htmlFor={inputId}>Find people</label>
      <input
        id={inputId}
        type="search"
        placeholder="Username or name"
        autoComplete="off"
        data-autofocus={autoFocus ? "" : undefined}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      <ul className="user-results" aria-live="polite" aria-busy={searching}>
        {shown.map((u) => (
          <li key={u.id}>
            <button type="button" className="user-result" onClick={() => onPick(u)} aria-label={`${actionLabel} ${u.displayName || u.username}`}>
              <Avatar name={u.displayName || u.username} seed={u.id} url={u.avatarUrl} status={u.status} size={32} />
              <span>
                <span className="name">{u.displayName || u.username}</span> <span className="muted">@{u.username}</span>
              </span>
            </button>
          </li>
        ))}
        {query && !searching && shown.length === 0 && !error && <li className="muted small">Nobody found.</li>}
      </ul>
    </div>
  );
}
