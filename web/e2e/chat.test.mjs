// Two people, each in their own browser context, chat live: the conversation appears for the
// other one with an unread badge, messages arrive without reloading, typing shows, and ticks go
// from delivered to read. One of them uses a phone-sized window.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { existsSync } from "node:fs";
import {
  DOCS,
  PHONE,
  composer,
  launch,
  openChat,
  registerUser,
  signIn,
  screenshot,
  send,
  shownMessages,
  startDirectChat,
  waitForMessages,
} from "./helpers.mjs";

describe("a live direct chat", () => {
  let browser, ada, bob;

  before(async () => {
    browser = await launch();
    ada = await registerUser(browser, { prefix: "ada", displayName: "Ada Lovelace" });
    bob = await registerUser(browser, { prefix: "bob", displayName: "Bob Hopper", viewport: PHONE });
  });

  after(async () => {
    await browser?.close();
  });

  it("shows a new conversation to the other person live, with an unread badge and presence", async () => {
    await startDirectChat(ada.page, bob);
    await send(ada.page, "Hi Bob! The notes are at https://example.org/notes.");
    await waitForMessages(ada.page, ["Hi Bob! The notes are at https://example.org/notes."]);

    const entry = bob.page.locator("button.conversation", { hasText: "Ada Lovelace" });
    await entry.waitFor({ timeout: 10_000 });
    await entry.locator(".badge", { hasText: "1" }).waitFor();
    assert.match(await entry.textContent(), /Hi Bob! The notes are at/);
    await entry.locator('.presence[data-status="online"]').waitFor();
    // Bob's client received it, so Ada sees it delivered before Bob opens it.
    await ada.page.locator('li.message [data-receipt="delivered"]').waitFor({ timeout: 10_000 });
    await screenshot(bob.page, "chat-1-bob-list-phone");
  });

  it("turns the sender's tick to read when the other person opens the chat", async () => {
    await openChat(bob.page, "Ada Lovelace");
    await ada.page.locator('li.message [data-receipt="read"]').waitFor({ timeout: 10_000 });
    // On a phone the list gives way to the conversation.
    assert.equal(await bob.page.locator("aside.sidebar").isVisible(), false);
    const link = bob.page.locator("ol.messages a", { hasText: "https://example.org/notes" });
    assert.equal(await link.getAttribute("href"), "https://example.org/notes");
    assert.equal(await link.getAttribute("target"), "_blank");
    assert.equal(await link.getAttribute("rel"), "noopener noreferrer");
    await screenshot(ada.page, "chat-2-ada-read-ticks");

    // Another device of Ada's holds nothing yet: its tick comes from the positions the server lists.
    const laptop = await signIn(browser, ada);
    await openChat(laptop.page, "Bob Hopper");
    await laptop.page.locator('li.message [data-receipt="read"]').waitFor({ timeout: 10_000 });
    assert.deepEqual(laptop.errors, []);
    await laptop.context.close();
  });

  it("shows the other person typing, then their message, live", async () => {
    await composer(bob.page).pressSequentially("Hello Ada", { delay: 20 });
    await ada.page.getByTestId("typing").filter({ hasText: "Bob Hopper is typing…" }).waitFor({ timeout: 10_000 });
    await screenshot(ada.page, "chat-3-ada-sees-typing");
    await composer(bob.page).press("Enter");
    await waitForMessages(ada.page, ["Hi Bob! The notes are at https://example.org/notes.", "Hello Ada"]);
    await ada.page.getByTestId("typing").filter({ hasText: /^$/ }).waitFor({ timeout: 10_000 });
    await screenshot(bob.page, "chat-4-bob-phone");
  });

  it("delivers a reply and an edit to the other side, and a deletion for everyone", async () => {
    const first = bob.page.locator("li.message", { hasText: "The notes are at" });
    await first.hover();
    await first.getByRole("button", { name: "Message actions" }).click();
    await bob.page.getByRole("menuitem", { name: "Reply" }).click();
    await send(bob.page, "Reading them now, thanks!");
    const reply = ada.page.locator("li.message", { hasText: "Reading them now, thanks!" });
    await reply.locator(".quote", { hasText: "The notes are at" }).waitFor({ timeout: 10_000 });

    await send(ada.page, "Ping me wiht questions");
    const typo = ada.page.locator('li.message[data-status="stored"]', { hasText: "Ping me wiht questions" });
    await typo.waitFor();
    await typo.hover();
    await typo.getByRole("button", { name: "Message actions" }).click();
    await ada.page.getByRole("menuitem", { name: "Edit" }).click();
    await composer(ada.page).fill("Ping me with questions");
    await composer(ada.page).press("Enter");
    const fixed = bob.page.locator("li.message", { hasText: "Ping me with questions" });
    await fixed.locator(".edited").waitFor({ timeout: 10_000 });

    await send(ada.page, "This one was a mistake");
    const mistake = ada.page.locator('li.message[data-status="stored"]', { hasText: "This one was a mistake" });
    await bob.page.locator("li.message", { hasText: "This one was a mistake" }).waitFor({ timeout: 10_000 });
    await mistake.hover();
    await mistake.getByRole("button", { name: "Message actions" }).click();
    await ada.page.getByRole("menuitem", { name: "Delete for everyone" }).click();
    await bob.page.locator("li.message", { hasText: "This one was a mistake" }).waitFor({ state: "detached", timeout: 10_000 });
    const texts = (await shownMessages(bob.page)).map((m) => m.text);
    assert.equal(texts.at(-1), "This message was deleted.");
  });

  it("looks right at desktop width (the README's screenshot)", async () => {
    await send(ada.page, "Shall we ship the web client today?");
    await waitForMessages(bob.page, ["Shall we ship the web client today?"]);
    await composer(bob.page).pressSequentially("Yes", { delay: 20 });
    await ada.page.getByTestId("typing").filter({ hasText: "typing" }).waitFor({ timeout: 10_000 });
    await ada.page.locator("li.message").last().locator('[data-receipt="read"]').waitFor({ timeout: 10_000 });
    await ada.page.locator(".composer textarea").blur();
    await screenshot(ada.page, "chat-5-desktop");
    // The committed copy changes only on request (or when missing), so test runs leave git clean.
    const docs = path.join(DOCS, "chat-view.png");
    if (process.env.UPDATE_SCREENSHOTS === "1" || !existsSync(docs)) await ada.page.screenshot({ path: docs });
    assert.deepEqual(ada.errors, []);
    assert.deepEqual(bob.errors, []);
  });
});
