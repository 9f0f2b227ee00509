// Creating conversations and changing groups (details, members, roles, leaving, deleting): the
// dialogs reach the REST API through here rather than through api/ directly. After a change the
// server's view of the group is taken into the list at once, without waiting for its event.

import type { Conversation, ConversationPatch, Role, User } from "../api/types";
import type { RestApi } from "../api/rest";

export type GroupApi = Pick<
  RestApi,
  | "conversation"
  | "createConversation"
  | "createFlashGroup"
  | "updateConversation"
  | "addMember"
  | "setRole"
  | "removeMember"
  | "deleteConversation"
>;

/** A group's name and description as typed: trimmed, an emptied description cleared (null). */
export function groupDetails(name: string, description: string): ConversationPatch & { name: string } {
  return { name: name.trim(), description: description.trim() ? description.trim() : null };
}

export interface GroupsDeps {
  api: GroupApi;
  /** The id of the signed-in user. */
  me(): string;
  /** A conversation as the server answered it: onto the list. */
  upsert(c: Conversation): void;
  /** A conversation left or deleted: off the list. */
  remove(id: string): void;
  /** A profile from an answer (a member picked in a search). */
  rememberUser(user: User): void;
}

export class Groups {
  constructor(private readonly deps: GroupsDeps) {}

  /** Opens (or finds) the direct conversation with `userId`. */
  createDirect(userId: string): Promise<Conversation> {
    return this.created(this.deps.api.createConversation({ kind: "direct", memberIds: [userId] }));
  }

  /** A group with a name, members and an optional description; we own it. */
  createGroup(name: string, description: string, memberIds: string[]): Promise<Conversation> {
    const details = groupDetails(name, description);
    return this.created(
      this.deps.api.createConversation({
        kind: "group",
        name: details.name,
        memberIds,
        ...(details.description ? { description: details.description } : {}),
      }),
    );
  }

  /** A group that expires by itself after `ttlSeconds` (a 422 with `details.field = "ttlSeconds"` when out of range). */
  createFlash(name: string, memberIds: string[], ttlSeconds: number): Promise<Conversation> {
    return this.created(this.deps.api.createFlashGroup({ name: name.trim(), memberIds, ttlSeconds }));
  }

  /** Renames a group and changes its description. */
  saveDetails(id: string, name: string, description: string): Promise<void> {
    return this.changed(id, this.deps.api.updateConversation(id, groupDetails(name, description)));
  }

  addMember(id: string, user: User): Promise<void> {
    this.deps.rememberUser(user);
    return this.changed(id, this.deps.api.addMember(id, user.id));
  }

  setRole(id: string, userId: string, role: Role): Promise<void> {
    return this.changed(id, this.deps.api.setRole(id, userId, role));
  }

  removeMember(id: string, userId: string): Promise<void> {
    return this.changed(id, this.deps.api.removeMember(id, userId));
  }

  /** Leaves a group: it leaves the list. */
  async leave(id: string): Promise<void> {
    await this.deps.api.removeMember(id, this.deps.me());
    this.deps.remove(id);
  }

  /** Deletes a group for everyone (owners). */
  async destroy(id: string): Promise<void> {
    await this.deps.api.deleteConversation(id);
    this.deps.remove(id);
  }

  private async created(request: Promise<Conversation>): Promise<Conversation> {
    const c = await request;
    this.deps.upsert(c);
    return c;
  }

  /** After a change, the server's view of the group. */
  private async changed(id: string, change: Promise<unknown>): Promise<void> {
    await change;
    this.deps.upsert(await this.deps.api.conversation(id));
  }
}
