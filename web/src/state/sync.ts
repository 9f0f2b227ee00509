// Catching up after a reconnect: Socket.IO does not replay what was missed, so the client asks
// `syncConversation` for everything after the highest `seq` it holds, page after page.

import type { Message, SyncAnswer } from "../api/types";
import { highestSeq } from "./timeline";

/** One page of `syncConversation`'s answer. */
export type SyncPage = SyncAnswer;

/**
 * Every message after `afterSeq`, ascending, asking `fetchPage(afterSeq)` while the server says
 * `hasMore`. Stops if a page makes no progress (so a misbehaving server cannot loop it forever).
 */
export async function catchUp(
  afterSeq: number,
  fetchPage: (afterSeq: number) => Promise<SyncPage>,
  maxPages = 1000,
): Promise<Message[]> {
  const all: Message[] = [];
  let cursor = afterSeq;
  for (let page = 0; page < maxPages; page++) {
    const { messages, hasMore } = await fetchPage(cursor);
    all.push(...messages);
    const next = Math.max(cursor, highestSeq(messages));
    if (!hasMore || next <= cursor) break;
    cursor = next;
  }
  return all;
}

/** Whether a live message leaves a hole after what is held (events were missed): then catch up. */
export function leavesGap(held: readonly Message[], incoming: Message): boolean {
  const top = highestSeq(held);
  return top > 0 && incoming.seq > top + 1;
}
