// The app's singletons: the stored login and the REST client over it.

import { RestApi } from "./api/rest";
import { Session, browserLock, browserTabs } from "./state/session";

let answerLeaderRequest: (stale: string | undefined) => void = () => {};

export const session = new Session({
  storage: window.localStorage,
  fetch: (input, init) => window.fetch(input, init),
  lock: browserLock(),
  tabs: browserTabs((stale) => answerLeaderRequest(stale)) ?? undefined,
});
// The leading tab refreshes for the others (errors reach them as a timeout).
answerLeaderRequest = (stale) => void session.refresh(stale).catch(() => undefined);
session.listenToOtherTabs(window);

export const api = new RestApi(session);

/** Refreshes the access token shortly before it expires, as long as the page is open. */
export function keepSessionFresh(onEnded: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const plan = () => {
    clearTimeout(timer);
    const s = session.current();
    if (!s) return;
    const wait = Math.max(1000, session.refreshDueAt(s) - Date.now());
    timer = setTimeout(() => {
      session.refresh(s.accessToken).then(plan, (e: Error) => {
        if (e.name === "SessionExpired") onEnded();
        else timer = setTimeout(plan, 10_000);
      });
    }, Math.min(wait, 2 ** 31 - 1));
  };
  plan();
  // Replanned after every change, this tab's or another's.
  const unsubscribe = session.subscribe(plan);
  // A laptop waking up: timers ran late, so check at once.
  const onVisible = () => document.visibilityState === "visible" && plan();
  document.addEventListener("visibilitychange", onVisible);
  return () => {
    clearTimeout(timer);
    unsubscribe();
    document.removeEventListener("visibilitychange", onVisible);
  };
}
