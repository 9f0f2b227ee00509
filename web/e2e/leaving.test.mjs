// Leaving for good: the user downloads their data, then deletes their account from the profile;
// they are back at the sign-in screen, and the person they talked with keeps the conversation.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch, registerUser, send, startDirectChat, waitForMessages } from "./helpers.mjs";

describe("leaving for good", () => {
  let browser, ada, bob;

  before(async () => {
    browser = await launch();
    ada = await registerUser(browser, { prefix: "leaver", displayName: "Ada Leaving" });
    bob = await registerUser(browser, { prefix: "stayer", displayName: "Bob Staying" });
  });

  after(async () => {
    await browser?.close();
  });

  it("exports the messages sent, deletes the account, and the other keeps the conversation", async () => {
    await startDirectChat(ada.page, bob);
    await send(ada.page, "farewell, and thanks");
    await startDirectChat(bob.page, ada);
    await waitForMessages(bob.page, ["farewell, and thanks"]);

    await ada.page.getByRole("button", { name: "Edit profile" }).click();
    const data = ada.page.getByRole("dialog", { name: "Profile" }).getByRole("form", { name: "Your data" });
    const [download] = await Promise.all([
      ada.page.waitForEvent("download"),
      data.getByRole("button", { name: "Download my data" }).click(),
    ]);
    const exported = JSON.parse(await readFile(await download.path(), "utf8"));
    assert.equal(exported.user.username, ada.username);
    assert.deepEqual(
      exported.messages.map((m) => m.content),
      ["farewell, and thanks"],
    );

    await data.getByRole("button", { name: "Delete my account…" }).click();
    await data.getByLabel("Password").fill("not the password");
    await data.getByRole("button", { name: "Delete my account", exact: true }).click();
    await data.getByRole("alert").waitFor();
    await data.getByLabel("Password").fill("correct horse battery");
    await data.getByRole("button", { name: "Delete my account", exact: true }).click();
    await ada.page.getByText("Your account has been deleted.").waitFor({ timeout: 10_000 });

    await bob.page.getByRole("heading", { level: 2, name: "Deleted user" }).waitFor({ timeout: 10_000 });
    await waitForMessages(bob.page, ["farewell, and thanks"]);
  });
});
