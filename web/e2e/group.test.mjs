// Groups: created with members from the user search, seen live by the members, roles managed in
// the members dialog (an admin can remove a member, who loses the group at once), and presence
// and profile changes made from the sidebar.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, openChat, registerUser, screenshot, send, waitForMessages } from "./helpers.mjs";

describe("a group", () => {
  let browser, ada, bob, cy;

  before(async () => {
    browser = await launch();
    ada = await registerUser(browser, { prefix: "ada", displayName: "Ada Owner" });
    bob = await registerUser(browser, { prefix: "bob", displayName: "Bob Member" });
    cy = await registerUser(browser, { prefix: "cy", displayName: "Cy Member" });
  });

  after(async () => {
    await browser?.close();
  });

  it("is created with members found by search and appears live for them", async () => {
    const page = ada.page;
    await page.getByRole("button", { name: "New group" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New group" });
    await dialog.getByLabel("Name").fill("Design team");
    for (const other of [bob, cy]) {
      await dialog.getByLabel("Find people").fill(other.username);
      await dialog.getByRole("button", { name: `Add ${other.displayName}` }).click();
      await dialog.locator(".chip", { hasText: other.displayName }).waitFor();
    }
    await dialog.getByRole("button", { name: "Create group" }).click();
    await page.getByRole("heading", { level: 2, name: "Design team" }).waitFor();
    await send(page, "Welcome to the team");

    for (const member of [bob, cy]) {
      await openChat(member.page, "Design team");
      await waitForMessages(member.page, ["Welcome to the team"]);
      await member.page.locator("li.message .sender", { hasText: "Ada Owner" }).waitFor();
    }
    assert.equal(await bob.page.getByTestId("chat-subtitle").textContent(), "3 members");
    await screenshot(bob.page, "group-1-bob");
  });

  it("lets the owner make a member admin, and that admin remove another member, who loses the group live", async () => {
    await ada.page.getByRole("button", { name: "Members" }).click();
    const adaDialog = ada.page.getByRole("dialog");
    await adaDialog.getByLabel("Role of Bob Member").selectOption("admin");
    // The select shows the stored role: back to enabled, reading "admin" once the server agreed.
    const bobRole = await adaDialog.getByLabel("Role of Bob Member").elementHandle();
    await ada.page.waitForFunction((select) => select.value === "admin" && !select.disabled, bobRole, { timeout: 10_000 });
    await screenshot(ada.page, "group-2-ada-members");
    await adaDialog.getByRole("button", { name: "Close" }).click();

    // Bob's view learns his new role from conversationUpdated.
    await bob.page.getByRole("button", { name: "Members" }).click();
    const bobDialog = bob.page.getByRole("dialog");
    await bobDialog.getByRole("button", { name: "Remove Cy Member" }).click({ timeout: 10_000 });
    await bobDialog.locator("li.member", { hasText: "Cy Member" }).waitFor({ state: "detached", timeout: 10_000 });
    // An admin cannot touch the owner.
    assert.equal(await bobDialog.getByRole("button", { name: "Remove Ada Owner" }).count(), 0);
    await bobDialog.getByRole("button", { name: "Close" }).click();

    await cy.page.locator("button.conversation", { hasText: "Design team" }).waitFor({ state: "detached", timeout: 10_000 });
    await cy.page.getByRole("heading", { level: 2, name: "Design team" }).waitFor({ state: "detached" });
    await screenshot(cy.page, "group-3-cy-removed");
  });

  it("shows a status change to the other members, and saves a profile", async () => {
    await bob.page.getByRole("button", { name: "Members" }).click();
    const bobDialog = bob.page.getByRole("dialog");
    await ada.page.getByLabel("My status").selectOption("busy");
    await bobDialog.locator("li.member", { hasText: "Ada Owner" }).getByText("Busy").waitFor({ timeout: 10_000 });
    await bobDialog.getByRole("button", { name: "Close" }).click();

    await ada.page.getByRole("button", { name: "Edit profile" }).click();
    const profile = ada.page.getByRole("dialog", { name: "Profile" });
    await profile.getByLabel("About").fill("Counting engines since 1843");
    await profile.getByRole("button", { name: "Save" }).click();
    await profile.getByText("Saved.").waitFor();
    await profile.getByRole("button", { name: "Close" }).first().click();
    await ada.page.reload();
    await ada.page.getByRole("button", { name: "Edit profile" }).click();
    assert.equal(await ada.page.getByLabel("About").inputValue(), "Counting engines since 1843");
    assert.deepEqual([...ada.errors, ...bob.errors, ...cy.errors], []);
  });
});
