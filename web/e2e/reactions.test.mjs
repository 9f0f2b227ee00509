// Reactions: one person reacts from the picker, the other sees it live, joins it, and the first
// takes theirs back.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, openChat, registerUser, send, startDirectChat, waitForMessages } from "./helpers.mjs";

/** The reaction chips of the message saying `text`, as `emoji count` with `*` for ours. */
async function chips(page, text) {
  const message = page.locator("li.message", { hasText: text });
  return message.locator(".reaction").evaluateAll((buttons) =>
    buttons.map((b) => `${b.textContent.replace(/\s+/g, " ").trim()}${b.getAttribute("aria-pressed") === "true" ? "*" : ""}`),
  );
}

async function waitForChips(page, text, expected) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const got = await chips(page, text);
    if (JSON.stringify(got) === JSON.stringify(expected)) return;
    assert.ok(Date.now() < deadline, `reactions of "${text}": ${JSON.stringify(got)}, not ${JSON.stringify(expected)}`);
    await page.waitForTimeout(50);
  }
}

describe("reactions", () => {
  let browser, ada, bob;

  before(async () => {
    browser = await launch();
    ada = await registerUser(browser, { prefix: "ada", displayName: "Ada Reacts" });
    bob = await registerUser(browser, { prefix: "bob", displayName: "Bob Reacts" });
  });

  after(async () => {
    await browser?.close();
  });

  it("shows a reaction to the other person live, lets them join it, and takes it back", async () => {
    await startDirectChat(ada.page, bob);
    await send(ada.page, "pizza tonight?");
    await openChat(bob.page, "Ada Reacts");
    await waitForMessages(bob.page, ["pizza tonight?"]);

    const message = bob.page.locator("li.message", { hasText: "pizza tonight?" });
    await message.getByRole("button", { name: "Add reaction" }).click();
    await message.getByRole("button", { name: "React 👍" }).click();
    await waitForChips(bob.page, "pizza tonight?", ["👍 1*"]);
    await waitForChips(ada.page, "pizza tonight?", ["👍 1"]);

    // Ada joins it by tapping the chip.
    await ada.page.locator("li.message", { hasText: "pizza tonight?" }).locator(".reaction").click();
    await waitForChips(ada.page, "pizza tonight?", ["👍 2*"]);
    await waitForChips(bob.page, "pizza tonight?", ["👍 2*"]);

    // Bob takes his back; after a reload Ada still sees the count and that it is hers.
    await message.locator(".reaction").click();
    await waitForChips(bob.page, "pizza tonight?", ["👍 1"]);
    await ada.page.reload();
    await openChat(ada.page, "Bob Reacts");
    await waitForChips(ada.page, "pizza tonight?", ["👍 1*"]);
  });
});
