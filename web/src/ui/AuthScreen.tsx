import { useEffect, useState, type FormEvent } from "react";
import type { AuthTokens } from "../api/types";
import { ApiError, errorText } from "../api/rest";
import { completeProviderSignIn, identityProvider, register, requestPasswordReset, resetPassword, signIn } from "../state/auth";

type Mode = "login" | "register" | "forgot" | "reset";

/** The token of a password reset link (`/#reset=…`), kept in the fragment so it reaches no server log. */
function resetToken(): string | null {
  const match = /^#reset=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
  return match ? match[1]! : null;
}

/**
 * What the identity provider's sign-in came back with (`/#oidc`: done, its login waiting in a
 * cookie; `/#oidc-error=<message>`), taken out of the address bar once, when the app loads.
 */
const providerReturn = (() => {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const done = params.has("oidc");
  const error = params.get("oidc-error");
  if (!done && error === null) return null;
  window.history.replaceState(null, "", window.location.pathname);
  return { done, error };
})();
/** The one completion of that sign-in. */
let completed: Promise<AuthTokens> | null = null;

const titles: Record<Mode, string> = {
  login: "Sign in",
  register: "Create an account",
  forgot: "Reset your password",
  reset: "Choose a new password",
};

export function AuthScreen({ onAuthenticated, notice }: { onAuthenticated: (t: AuthTokens) => void; notice: string | null }) {
  const [token] = useState(resetToken);
  const [mode, setMode] = useState<Mode>(token ? "reset" : "login");
  const [sent, setSent] = useState<string | null>(null);
  const [login, setLogin] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [provider, setProvider] = useState<{ name: string } | null>(null);

  useEffect(() => {
    identityProvider().then(setProvider, () => setProvider(null));
    if (providerReturn?.error) setError(`Signing in with the identity provider failed: ${providerReturn.error}`);
    if (!providerReturn?.done) return;
    completed ??= completeProviderSignIn();
    completed.then(onAuthenticated, (err: unknown) => setError(errorText(err)));
  }, []); // Once: the handler does the same whatever render it comes from.

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "forgot") {
        await requestPasswordReset(login);
        setSent("If that account has an email address, a link to reset its password is on its way.");
        setBusy(false);
        return;
      }
      if (mode === "reset" && token) {
        await resetPassword(token, password);
        window.history.replaceState(null, "", window.location.pathname);
        setSent("Your password is changed, and every device was signed out. Sign in with the new one.");
        setPassword("");
        setMode("login");
        setBusy(false);
        return;
      }
      const tokens = mode === "login" ? await signIn(login, password) : await register(login, password, displayName);
      onAuthenticated(tokens);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? "Wrong username or password." : errorText(err));
      setBusy(false);
    }
  }

  const switchTo = (m: Mode) => {
    setMode(m);
    setError(null);
    setSent(null);
  };

  return (
    <main className="auth">
      <form className="auth-card" onSubmit={submit} aria-labelledby="auth-title">
        <h1 id="auth-title">{titles[mode]}</h1>
        {(sent ?? notice) && !error && (
          <p className="notice" role="status">
            {sent ?? notice}
          </p>
        )}
        {mode !== "reset" && (
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
        )}
        {mode === "register" && (
          <label>
            <span>
              Display name <span className="muted">(optional)</span>
            </span>
            <input name="displayName" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </label>
        )}
        {mode !== "forgot" && (
          <label>
            {mode === "reset" ? "New password" : "Password"}
            <input
              name="password"
              type="password"
              autoComplete={mode === "login" ? "current-password" : "new-password"}
              required
              minLength={mode === "login" ? undefined : 8}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {{ login: "Sign in", register: "Create account", forgot: "Send the link", reset: "Set password" }[mode]}
        </button>
        {mode === "login" && provider && (
          <a className="button provider" href="/api/auth/oidc/start">
            Sign in with {provider.name}
          </a>
        )}
        <p className="switch">
          {mode === "login" ? (
            <>
              New here?{" "}
              <button type="button" className="link" onClick={() => switchTo("register")}>
                Create an account
              </button>
              {" · "}
              <button type="button" className="link" onClick={() => switchTo("forgot")}>
                Forgot your password?
              </button>
            </>
          ) : (
            <>
              {mode === "register" ? "Already registered?" : "Remembered it?"}{" "}
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
