import { useCallback, useEffect, useMemo, useState } from "react";
import type { Conversation, User } from "../api/types";
import { SocketTransport } from "../api/socket";
import { ChatClient } from "../state/client";
import { api, session } from "../services";
import { useChat } from "./hooks";
import { Sidebar } from "./Sidebar";
import { ChatView } from "./ChatView";
import { NewChatDialog, NewGroupDialog } from "./NewConversation";
import { ProfileDialog } from "./ProfileDialog";
import { GroupInfoDialog } from "./GroupInfo";

type Dialog =
  | { kind: "newChat" }
  | { kind: "newGroup"; flash?: boolean }
  | { kind: "profile" }
  | { kind: "group"; id: string }
  | null;

const pathFor = (id: string | null) => (id ? `/c/${id}` : "/");
const idFromPath = () => /^\/c\/([0-9a-f-]{36})$/i.exec(window.location.pathname)?.[1] ?? null;

export function ChatApp({
  me,
  initialToken,
  onSessionEnded,
  onLogout,
  onAccountDeleted,
}: {
  me: User;
  initialToken: string;
  onSessionEnded: () => void;
  onLogout: () => Promise<void>;
  onAccountDeleted: () => void;
}) {
  const client = useMemo(
    () =>
      new ChatClient({
        me,
        api,
        transport: new SocketTransport(initialToken),
        storage: window.localStorage,
        refreshToken: async () => (await session.refresh()).accessToken,
        onSessionEnded,
        visible: document.visibilityState === "visible",
        serverNow: api.serverNow,
      }),
    // One client per signed-in user (the parent remounts on a change of user).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const state = useChat(client);
  const [dialog, setDialog] = useState<Dialog>(null);

  useEffect(() => {
    client.start();
    const initial = idFromPath();
    if (initial) client.open(initial);
    // A new access token is used by the next handshake (`socket.auth = { token }`).
    const unsubscribe = session.subscribe((s) => s && client.setToken(s.accessToken));
    const onVisibility = () => client.setVisible(document.visibilityState === "visible");
    const onOnline = () => client.setNetwork(true);
    const onOffline = () => client.setNetwork(false);
    const onPop = () => client.open(idFromPath());
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    window.addEventListener("popstate", onPop);
    return () => {
      unsubscribe();
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("popstate", onPop);
      client.stop();
    };
  }, [client]);

  const open = useCallback(
    (id: string | null) => {
      client.open(id);
      if (window.location.pathname !== pathFor(id)) window.history.pushState(null, "", pathFor(id));
    },
    [client],
  );

  // A conversation that disappeared (deleted, left) closes its view and its URL.
  useEffect(() => {
    if (state.activeId === null && idFromPath() && state.listLoaded) window.history.replaceState(null, "", "/");
  }, [state.activeId, state.listLoaded]);

  const closeDialog = useCallback(() => setDialog(null), []);
  // The state layer already took the new conversation into the list.
  const opened = (c: Conversation) => {
    setDialog(null);
    open(c.id);
  };

  const active = state.activeId ? state.conversations[state.activeId] : undefined;

  return (
    <div className="app" data-view={active ? "chat" : "list"}>
      <Sidebar
        client={client}
        state={state}
        onOpen={open}
        onNewChat={() => setDialog({ kind: "newChat" })}
        onNewGroup={() => setDialog({ kind: "newGroup" })}
        onProfile={() => setDialog({ kind: "profile" })}
        onLogout={async () => {
          client.forgetDevice();
          await onLogout();
        }}
      />
      <main className="main" aria-label="Conversation">
        {active ? (
          <ChatView
            key={active.id}
            client={client}
            state={state}
            conversation={active}
            onBack={() => open(null)}
            onGroupInfo={() => setDialog({ kind: "group", id: active.id })}
          />
        ) : (
          <div className="empty-main">
            <p>{state.listLoaded && Object.keys(state.conversations).length === 0 ? "No conversations yet." : "Pick a conversation."}</p>
            <div className="row">
              <button type="button" className="primary" onClick={() => setDialog({ kind: "newChat" })}>
                New chat
              </button>
              <button type="button" onClick={() => setDialog({ kind: "newGroup" })}>
                New group
              </button>
              <button type="button" onClick={() => setDialog({ kind: "newGroup", flash: true })}>
                New flash group
              </button>
            </div>
          </div>
        )}
      </main>
      {dialog?.kind === "newChat" && <NewChatDialog me={state.me} groups={client.groups} onClose={closeDialog} onCreated={opened} />}
      {dialog?.kind === "newGroup" && (
        <NewGroupDialog
          me={state.me}
          groups={client.groups}
          onClose={closeDialog}
          onCreated={opened}
          initialKind={dialog.flash ? "flash" : "group"}
        />
      )}
      {dialog?.kind === "profile" && (
        <ProfileDialog
          client={client}
          me={state.me}
          onClose={closeDialog}
          onSaved={(u) => session.updateUser(u)}
          onDeleted={() => {
            client.forgetDevice();
            onAccountDeleted();
          }}
        />
      )}
      {dialog?.kind === "group" && state.conversations[dialog.id] && (
        <GroupInfoDialog
          client={client}
          state={state}
          conversation={state.conversations[dialog.id]!}
          onClose={closeDialog}
          onLeft={() => {
            setDialog(null);
            open(null);
          }}
        />
      )}
    </div>
  );
}
