// The account's logins (devices), password, export and deletion, for the profile dialog: UI components reach the
// REST API through here rather than through api/ directly.

import type { LoginSession } from "../api/types";
import { api } from "../services";

export { deviceLabel } from "./devices";

/** The user's active logins, this device's first. */
export async function devices(): Promise<LoginSession[]> {
  const list = await api.sessions();
  return [...list.filter((s) => s.current), ...list.filter((s) => !s.current)];
}

/** Signs another device out: its tokens stop working and its sockets close at once. */
export function signOutDevice(id: string): Promise<void> {
  return api.endSession(id);
}

/** Changes the password; every other device is signed out. */
export function changePassword(current: string, next: string): Promise<void> {
  return api.changePassword(current, next);
}

/** Downloads everything of the account as a JSON file. */
export async function downloadExport(): Promise<void> {
  const blob = await api.exportAccount();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = "chat-export.json";
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Deletes the account for good (every device is signed out). */
export function deleteAccount(password: string | undefined): Promise<void> {
  return api.deleteAccount(password);
}

/** Sends a new link to verify the user's email address. */
export function resendVerification(): Promise<void> {
  return api.resendVerification();
}
