// Reliability in the browser: a person goes offline (network emulation), writes, and comes back.
// What they wrote waits as pending, is sent once connected, what they missed is caught up, and
// both sides end with every message exactly once, in the same order. Duplicates are watched for
// the whole time, not only at the end.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  launch,
  maxCopies,
  openChat,
  registerUser,
  screenshot,
  send,
  shownMessages,
  startDirectChat,
  waitForMessages,
  watchDuplicates,
} from "./helpers.mjs";

describe("going offline and coming back", () => {
  let browser, ada, bob;

  before(async () => {
    browser = await launch();
    ada = await registerUser(browser, { prefix: "ada", displayName: "Ada Offline" });
    bob = await registerUser(browser, { prefix: "bob", displayName: "Bob Offline" });
    await startDirectChat(ada.page, bob);
    await send(ada.page, "Before the tunnel");
    await openChat(bob.page, "Ada Offline");
    await waitForMessages(bob.page, ["Before the tunnel"]);
    await watchDuplicates(ada.page);
    await watchDuplicates(bob.page);
  });

  after(async () => {
    await browser?.close();
  });

  it("queues what is written offline as pending and catches up on return, every message once and in order", async () => {
    await bob.context.setOffline(true);
    await bob.page.locator('[data-connection="offline"]').waitFor({ timeout: 10_000 });

    await send(bob.page, "Written offline 1");
    await send(bob.page, "Written offline 2");
    await bob.page.locator('li.message[data-status="pending"]', { hasText: "Written offline 2" }).waitFor();
    assert.equal(await bob.page.locator('li.message[data-status="pending"]').count(), 2);
    assert.match(await bob.page.locator("[data-connection]").textContent(), /2 messages will be sent/);

    // Meanwhile Ada writes; Bob's browser cannot receive it.
    await send(ada.page, "While you were away");
    await waitForMessages(ada.page, ["Before the tunnel", "While you were away"]);
    await bob.page.waitForTimeout(500);
    assert.ok(!(await shownMessages(bob.page)).some((m) => m.text === "While you were away"));
    await screenshot(bob.page, "offline-1-bob-pending");

    await bob.context.setOffline(false);
    const expected = ["Before the tunnel", "While you were away", "Written offline 1", "Written offline 2"];
    await waitForMessages(bob.page, expected, 20_000);
    await waitForMessages(ada.page, expected, 20_000);
    await bob.page.locator("[data-connection]").waitFor({ state: "detached" });

    for (const [who, page] of [
      ["Bob", bob.page],
      ["Ada", ada.page],
    ]) {
      const shown = await shownMessages(page);
      assert.deepEqual(
        shown.map((m) => m.text),
        expected,
        `${who} sees every message once, in order`,
      );
      assert.ok(shown.every((m) => m.status === "stored"), `${who} has nothing left pending`);
      const copies = await maxCopies(page);
      for (const text of expected) assert.equal(copies[text], 1, `${who} never saw two copies of "${text}"`);
    }
    await screenshot(bob.page, "offline-2-bob-back");
    await screenshot(ada.page, "offline-3-ada");
  });

  it("keeps a message typed offline through a reload and sends it once the server is reachable", async () => {
    await bob.context.setOffline(true);
    await bob.page.locator('[data-connection="offline"]').waitFor({ timeout: 10_000 });
    await send(bob.page, "Survives a reload");
    await bob.page.locator('li.message[data-status="pending"]', { hasText: "Survives a reload" }).waitFor();

    // The network is back but the realtime endpoint is not: the page reloads, the socket cannot connect.
    await bob.context.route("**/socket.io/**", (route) => route.abort());
    await bob.context.setOffline(false);
    await bob.page.reload();
    await bob.page.locator('li.message[data-status="pending"]', { hasText: "Survives a reload" }).waitFor();
    await screenshot(bob.page, "offline-4-bob-pending-after-reload");

    await bob.context.unroute("**/socket.io/**");
    await waitForMessages(ada.page, ["Written offline 2", "Survives a reload"], 20_000);
    await waitForMessages(bob.page, ["Written offline 2", "Survives a reload"], 20_000);
    for (const page of [ada.page, bob.page]) {
      const texts = (await shownMessages(page)).map((m) => m.text);
      assert.equal(texts.filter((t) => t === "Survives a reload").length, 1);
    }
  });
});
