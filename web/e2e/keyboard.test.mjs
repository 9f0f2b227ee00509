// The app from the keyboard alone: Tab reaches the conversation list and the composer, arrows move
// between messages, a message's menu opens and is used with the keyboard, Escape backs out, and
// whatever has the focus shows a visible outline.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, registerUser, screenshot, send, startDirectChat, waitForMessages } from "./helpers.mjs";

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; returns its outline style. */
async function tabTo(page, selector, { back = false, max = 40 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const style = await page.evaluate((sel) => {
      const el = document.activeElement;
      if (!el || !el.matches(sel)) return null;
      const s = getComputedStyle(el);
      return { outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    }, selector);
    if (style) return style;
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focusedText = (page) => page.evaluate(() => document.activeElement?.textContent ?? "");

describe("keyboard use", () => {
  let browser, ada, bob;

  before(async () => {
    browser = await launch();
    ada = await registerUser(browser, { prefix: "ada", displayName: "Ada Keys" });
    bob = await registerUser(browser, { prefix: "bob", displayName: "Bob Keys" });
    await startDirectChat(ada.page, bob);
    await send(ada.page, "First line");
    await send(ada.page, "Second line");
  });

  after(async () => {
    await browser?.close();
  });

  it("opens a conversation, sends, and replies without a mouse, with a visible focus outline", async () => {
    const page = bob.page;
    await page.reload();
    await page.locator("button.conversation").waitFor();

    let focus = await tabTo(page, "button.conversation");
    assert.notEqual(focus.outline, "none", "the focused conversation shows an outline");
    assert.ok(focus.width >= 2);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 2, name: "Ada Keys" }).waitFor();

    focus = await tabTo(page, ".composer textarea");
    assert.notEqual(focus.outline, "none");
    await page.keyboard.type("Typed with keys");
    await page.keyboard.press("Enter");
    await waitForMessages(ada.page, ["First line", "Second line", "Typed with keys"]);

    // Back into the list of messages: the newest is the one in the tab order; arrows move up.
    focus = await tabTo(page, "li.message", { back: true });
    assert.notEqual(focus.outline, "none");
    assert.match(await focusedText(page), /Typed with keys/);
    await page.keyboard.press("ArrowUp");
    assert.match(await focusedText(page), /Second line/);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Add reaction");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Message actions");
    await page.keyboard.press("Enter");
    assert.equal(await focusedText(page), "Reply");
    await page.keyboard.press("Enter");
    await page.locator(".draft-context", { hasText: "Replying to Ada Keys" }).waitFor();
    await screenshot(page, "keyboard-1-reply");

    // Escape in the composer drops the reply.
    await page.locator(".composer textarea").focus();
    await page.keyboard.press("Escape");
    await page.locator(".draft-context").waitFor({ state: "detached" });

    // Escape closes a dialog and gives the keyboard back to the page.
    await tabTo(page, ".sidebar-actions button.primary", { back: true });
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "New chat" }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("type")), "search");
    await page.keyboard.press("Escape");
    await page.getByRole("dialog", { name: "New chat" }).waitFor({ state: "detached" });
  });
});
