// Signing in and out, registering, and the links sent by email (verification, password reset):
// the sign-in screen and the app shell reach the REST API through here rather than through api/
// directly.

import type { AuthTokens } from "../api/types";
import { api, session } from "../services";

/** The identity provider users may sign in with, or null when none is configured. */
export function identityProvider(): Promise<{ name: string } | null> {
  return api.identityProvider();
}

/** The login of the identity provider's sign-in this browser just finished (held in a cookie). */
export function completeProviderSignIn(): Promise<AuthTokens> {
  return api.completeSignIn();
}

export function signIn(login: string, password: string): Promise<AuthTokens> {
  return api.login(login.trim(), password);
}

/** Creates an account (usernames are lower case; an empty display name is left out). */
export function register(username: string, password: string, displayName: string): Promise<AuthTokens> {
  return api.register({
    username: username.trim().toLowerCase(),
    password,
    ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
  });
}

/** Asks for a password reset link by email (answered alike whatever the login). */
export function requestPasswordReset(login: string): Promise<void> {
  return api.requestPasswordReset(login.trim());
}

/** Sets a new password with the token of a reset link; every login of the account ends. */
export function resetPassword(token: string, password: string): Promise<void> {
  return api.resetPassword(token, password);
}

/** Follows an email verification link. */
export function verifyEmail(token: string): Promise<void> {
  return api.verifyEmail(token);
}

/** Signs this device out: the login is forgotten here at once, then ended on the server if it can be. */
export async function signOut(): Promise<void> {
  const s = session.current();
  session.clear();
  if (s) await api.logout(s.refreshToken).catch(() => undefined);
}
