// Message text is text: markup in a message is shown as typed, creates no element, runs no
// script, and only http(s) URLs become links (opening in a new tab, without an opener).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, openChat, registerUser, screenshot, send, startDirectChat, waitForMessages } from "./helpers.mjs";

const PAYLOADS = [
  "<img src=x onerror=alert(1)>",
  "<script>alert(2)</script><b>bold?</b>",
  "javascript:alert(3) and <a href=\"javascript:alert(4)\">click</a>",
  "safe link: https://example.org/?q=<svg/onload=alert(5)>",
];

describe("hostile message text", () => {
  let browser, ada, bob;

  before(async () => {
    browser = await launch();
    ada = await registerUser(browser, { prefix: "ada", displayName: "Ada Sender" });
    bob = await registerUser(browser, { prefix: "bob", displayName: "Bob Reader" });
    await startDirectChat(ada.page, bob);
  });

  after(async () => {
    await browser?.close();
  });

  it("shows markup as text and opens no dialog on either side", async () => {
    for (const text of PAYLOADS) await send(ada.page, text);
    await openChat(bob.page, "Ada Sender");
    await waitForMessages(bob.page, PAYLOADS);
    await waitForMessages(ada.page, PAYLOADS);
    await bob.page.waitForTimeout(1000); // time for any onerror/onload to fire

    for (const page of [ada.page, bob.page]) {
      const texts = await page.$$eval("ol.messages li.message .text", (els) => els.map((e) => e.textContent));
      assert.deepEqual(texts, PAYLOADS);
      const injected = await page.$$eval("ol.messages :is(img, script, b, svg:not(.meta svg):not(.receipt svg):not(.add-reaction svg))", (els) =>
        els.map((e) => e.outerHTML),
      );
      assert.deepEqual(injected, [], "no element comes from message text");
      const links = await page.$$eval("ol.messages a", (as) =>
        as.map((a) => ({ href: a.getAttribute("href"), target: a.target, rel: a.rel })),
      );
      assert.deepEqual(links, [{ href: "https://example.org/?q=", target: "_blank", rel: "noopener noreferrer" }]);
    }
    assert.deepEqual(ada.dialogs, [], "no dialog opened for the sender");
    assert.deepEqual(bob.dialogs, [], "no dialog opened for the reader");
    assert.deepEqual([...ada.errors, ...bob.errors], []);
    await screenshot(bob.page, "xss-bob");
  });

  it("does not run markup shown in the conversation list either", async () => {
    await bob.page.goto(new URL("/", bob.page.url()).href);
    const preview = bob.page.locator("button.conversation .preview");
    await preview.waitFor();
    assert.equal(await preview.textContent(), PAYLOADS.at(-1));
    assert.equal(await bob.page.locator("aside img").count(), 0);
    assert.deepEqual(bob.dialogs, []);
  });
});
