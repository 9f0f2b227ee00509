import { useState, type FormEvent } from "react";
import type { AuthTokens } from "../api/types";
import { api } from "../services";
import { ApiError, errorText } from "../api/rest";

type Mode = "login" | "register";

export function AuthScreen({ onAuthenticated, notice }: { onAuthenticated: (t: AuthTokens) => void; notice: string | null }) {
  const [mode, setMode] = useState<Mode>("login");
  const [login, setLogin] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const tokens =
        mode === "login"
          ? await api.login(login.trim(), password)
          : await api.register({
              username: login.trim().toLowerCase(),
              password,
              ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
            });
      onAuthenticated(tokens);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? "Wrong username or password." : errorText(err));
      setBusy(false);
    }
  }

  const switchTo = (m: Mode) => {
    setMode(m);
    setError(null);
  };

  return (
    <main className="auth">
      <form className="auth-card" onSubmit={submit} aria-labelledby="auth-title">
        <h1 id="auth-title">{mode === "login" ? "Sign in" : "Create an account"}</h1>
        {notice && !error && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label>
          {mode === "login" ? "Username or email" : "Username"}
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            {...(mode === "register" ? { pattern: "[A-Za-z0-9_.]{3,32}", title: "3–32 letters, digits, _ or ." } : {})}
          />
        </label>
        {mode === "register" && (
          <label>
            <span>
              Display name <span className="muted">(optional)</span>
            </span>
            <input name="displayName" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </label>
        )}
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={mode === "login" ? "current-password" : "new-password"}
            required
            minLength={mode === "register" ? 8 : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {mode === "login" ? "Sign in" : "Create account"}
        </button>
        <p className="switch">
          {mode === "login" ? (
            <>
              New here?{" "}
              <button type="button" className="link" onClick={() => switchTo("register")}>
                Create an account
              </button>
            </>
          ) : (
            <>
              Already registered?{" "}
              <button type="button" className="link" onClick={() => switchTo("login")}>
                Sign in
              </button>
            </>
          )}
        </p>
      </form>
    </main>
  );
}
