// Flash groups: created with a lifetime from the new-group dialog (the server's range is enforced
// and its refusal shown next to the lifetime), listed with a live countdown, and on expiry greyed
// out and closed on screen: the composer is disabled, what was queued offline fails instead of
// waiting forever, and the group leaves the list a moment later. Needs a server started with
// CHAT_FLASH_TTL_MIN_SECS=1 (chat-server/tests/web.rs sets it).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { composer, launch, registerUser, screenshot, send, waitForMessages } from "./helpers.mjs";

// Long enough for every step before the expiry to finish on a slow machine.
const TTL_SECONDS = 30;

describe("a flash group", () => {
  let browser, ada, bob, dialog;

  before(async () => {
    browser = await launch();
    ada = await registerUser(browser, { prefix: "ada", displayName: "Ada Flash" });
    bob = await registerUser(browser, { prefix: "bob", displayName: "Bob Flash" });
  });

  after(async () => {
    await browser?.close();
  });

  it("refuses a lifetime out of the server's range and says why next to the lifetime", async () => {
    const page = ada.page;
    await page.getByRole("button", { name: "New group" }).first().click();
    await page.getByRole("dialog", { name: "New group" }).getByRole("radio", { name: "Flash group" }).check();
    dialog = page.getByRole("dialog", { name: "New flash group" });
    await dialog.getByLabel("Name").fill("Quick sync");
    await dialog.getByLabel("Find people").fill(bob.username);
    await dialog.getByRole("button", { name: `Add ${bob.displayName}` }).click();
    await dialog.locator(".chip", { hasText: bob.displayName }).waitFor();
    await dialog.getByRole("radio", { name: "Custom" }).check();
    await dialog.getByLabel("Seconds").fill("9999999");
    await dialog.getByRole("button", { name: "Create flash group" }).click();
    const error = dialog.getByTestId("ttl-error");
    await error.waitFor();
    assert.match(await error.textContent(), /ttlSeconds must be between 1 and 604800/);
    assert.equal(await dialog.getByLabel("Seconds").getAttribute("aria-invalid"), "true");
    await screenshot(page, "flash-1-ttl-refused");
  });

  it("expires on screen: greyed out and closed, queued messages failed, then gone from the list", async () => {
    await dialog.getByLabel("Seconds").fill(String(TTL_SECONDS));
    await dialog.getByRole("button", { name: "Create flash group" }).click();
    await ada.page.getByRole("heading", { level: 2, name: "Quick sync" }).waitFor();

    // A live countdown in the chat header, read out as a timer.
    const timer = ada.page.locator(".chat-header [role=timer]");
    const shown = /^expires in 0:(\d\d)$/.exec(await timer.textContent());
    assert.ok(shown && Number(shown[1]) <= TTL_SECONDS && Number(shown[1]) > TTL_SECONDS - 10, shown?.input);
    const spoken = /^Expires in (\d+) seconds$/.exec(await timer.getAttribute("aria-label"));
    assert.ok(spoken && Math.abs(Number(spoken[1]) - Number(shown[1])) <= 1, spoken?.input);
    await send(ada.page, "Gone in a few seconds");
    await waitForMessages(ada.page, ["Gone in a few seconds"]);

    // Bob sees it live in his list, marked as a flash group, counting down.
    const entry = bob.page.locator('button.conversation[data-kind="flash"]', { hasText: "Quick sync" });
    await entry.waitFor({ timeout: 10_000 });
    assert.match(await entry.getAttribute("aria-label"), /Quick sync, flash group/);
    const first = await entry.locator(".countdown").textContent();
    await bob.page.waitForFunction(
      ([id, before]) => document.getElementById(id)?.textContent !== before,
      [await entry.locator(".countdown").getAttribute("id"), first],
      { timeout: 3000 },
    );
    const second = await entry.locator(".countdown").textContent();
    const seconds = (t) => Number(/0:(\d\d)$/.exec(t)?.[1]);
    assert.ok(seconds(second) < seconds(first), `${second} after ${first}`);
    await screenshot(bob.page, "flash-2-bob-list-countdown");

    // Ada loses the network and writes: it waits as pending, for a group about to expire.
    await ada.context.setOffline(true);
    await ada.page.locator('[data-connection="offline"]').waitFor({ timeout: 10_000 });
    await send(ada.page, "Written too late");
    await ada.page.locator('li.message[data-status="pending"]', { hasText: "Written too late" }).waitFor();

    // Expiry: Bob hears it from the server (flashGroupExpired); Ada, offline, from her countdown.
    await entry.and(bob.page.locator('[data-expired="true"]')).waitFor({ timeout: (TTL_SECONDS + 10) * 1000 });
    assert.match(await entry.getAttribute("aria-label"), /flash group, expired/);
    assert.equal(await entry.locator(".countdown").textContent(), "Expired");

    await ada.page.locator('section.chat[data-expired="true"]').waitFor({ timeout: 10_000 });
    assert.equal(await ada.page.getByTestId("composer-closed").textContent(), "This flash group has expired");
    assert.equal(await composer(ada.page).isDisabled(), true);
    assert.equal(await ada.page.getByRole("button", { name: "Attach a file" }).isDisabled(), true);
    const late = ada.page.locator("li.message", { hasText: "Written too late" });
    assert.equal(await late.getAttribute("data-status"), "failed");
    assert.match(await late.textContent(), /Not sent: This flash group has expired/);
    assert.equal(await late.getByRole("button", { name: "Retry" }).count(), 0);
    assert.equal(await ada.page.locator(".chat-header .countdown").textContent(), "Expired");
    await screenshot(ada.page, "flash-3-ada-expired");

    // Back online, nothing is sent to the expired group and it stays closed.
    await ada.context.setOffline(false);
    await ada.page.locator("[data-connection]").waitFor({ state: "detached", timeout: 20_000 });
    assert.equal(await late.getAttribute("data-status"), "failed");

    // Bob's list lets it go after a moment; Ada's stays while she has it open, and goes once she leaves.
    await entry.waitFor({ state: "detached", timeout: 20_000 });
    await screenshot(bob.page, "flash-4-bob-gone");
    assert.equal(await ada.page.locator("button.conversation", { hasText: "Quick sync" }).count(), 1);
    await ada.page.goBack();
    await ada.page.locator("button.conversation", { hasText: "Quick sync" }).waitFor({ state: "detached", timeout: 15_000 });
    assert.deepEqual([...ada.errors, ...bob.errors], []);
  });
});
