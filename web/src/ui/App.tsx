import { useEffect, useState } from "react";
import type { AuthTokens } from "../api/types";
import type { StoredSession } from "../state/session";
import { errorText } from "../api/rest";
import { keepSessionFresh, session } from "../services";
import { signOut, verifyEmail } from "../state/auth";
import { AuthScreen } from "./AuthScreen";
import { ChatApp } from "./ChatApp";

/** The token of an email verification link (`/#verify=…`), taken out of the address bar once. */
const verifyToken = (() => {
  const match = /^#verify=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
  if (match) window.history.replaceState(null, "", window.location.pathname);
  return match?.[1] ?? null;
})();
let verification: Promise<void> | null = null;

/** What following a verification link came to, shown above either screen. */
function VerificationBanner() {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (!verifyToken) return;
    verification ??= verifyEmail(verifyToken);
    verification.then(
      () => setText("Your email address is verified."),
      (err: unknown) => setText(errorText(err)),
    );
  }, []);
  return text ? (
    <div className="notice banner" role="status">
      <span>{text}</span>
      <button type="button" className="ghost" onClick={() => setText(null)}>
        Dismiss
      </button>
    </div>
  ) : null;
}

/** Signed out: the sign-in screen. Signed in: the chat, for as long as the login lasts. */
export function App() {
  return (
    <>
      <VerificationBanner />
      <Screens />
    </>
  );
}

function Screens() {
  const [current, setCurrent] = useState<StoredSession | null>(() => session.current());
  const [ended, setEnded] = useState<string | null>(null);
  // A deletion says so whenever its answer comes; the sockets it closes only say the session ended
  // when nothing was said yet.
  const endedBecause = (reason: string) => setEnded((first) => first ?? reason);

  // Also follows other tabs: signing in, refreshing, signing out.
  useEffect(() => session.subscribe((s) => setCurrent(s)), []);

  const signedIn = current !== null;
  useEffect(() => {
    if (!signedIn) return;
    return keepSessionFresh(() => {
      session.clear();
      endedBecause("Your session has ended. Please sign in again.");
    });
  }, [signedIn]);

  if (!current) {
    return (
      <AuthScreen
        notice={ended}
        onAuthenticated={(tokens: AuthTokens) => {
          setEnded(null);
          session.save(tokens);
        }}
      />
    );
  }
  return (
    <ChatApp
      key={current.user.id}
      me={current.user}
      initialToken={current.accessToken}
      onSessionEnded={() => {
        session.clear();
        endedBecause("Your session has ended. Please sign in again.");
      }}
      onLogout={signOut}
      onAccountDeleted={() => {
        session.clear();
        setEnded("Your account has been deleted.");
      }}
    />
  );
}
