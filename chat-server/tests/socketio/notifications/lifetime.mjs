// Run with notifications living 2 s (CHAT_NOTIFICATION_TTL_SECS), in Redis or SQL.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { register, connect, closeAll, request, conversation, sleep, api } from "../helpers.mjs";

after(closeAll);

test("notifications are gone once their lifetime has passed", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const direct = await conversation(ada, "direct", [bob]);
  const adaSock = await connect(ada.token);
  assert.equal((await request(adaSock, "sendMessage", { conversationId: direct.id, content: "while you were out" })).ok, true);
  let page;
  for (let i = 0; i < 200; i++) {
    page = (await api("GET", "/api/notifications", bob.token)).body;
    if (page.items.length > 0) break;
    await sleep(10);
  }
  assert.equal(page.items.length, 1);
  assert.equal(page.unread, 1);
  await sleep(2500);
  const later = (await api("GET", "/api/notifications", bob.token)).body;
  assert.deepEqual([later.items, later.unread], [[], 0]);
});
