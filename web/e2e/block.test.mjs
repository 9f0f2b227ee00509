// Blocking from a direct chat: the blocked person sees at once that they can no longer send,
// and unblocking gives the composer back.
import { after, before, describe, it } from "node:test";
import { launch, openChat, registerUser, send, startDirectChat, waitForMessages } from "./helpers.mjs";

const BLOCKED_TEXT = "You can no longer send messages in this conversation.";

describe("blocking", () => {
  let browser, ada, bob;

  before(async () => {
    browser = await launch();
    ada = await registerUser(browser, { prefix: "ada", displayName: "Ada Blocker" });
    bob = await registerUser(browser, { prefix: "bob", displayName: "Bob Pest" });
  });

  after(async () => {
    await browser?.close();
  });

  it("takes the composer from the blocked person live and gives it back on unblock", async () => {
    await startDirectChat(bob.page, ada);
    await send(bob.page, "hello?");
    await openChat(ada.page, "Bob Pest");
    await waitForMessages(ada.page, ["hello?"]);

    await ada.page.getByRole("button", { name: "Block" }).click();
    await ada.page.getByRole("button", { name: "Unblock" }).waitFor();
    await bob.page.getByText(BLOCKED_TEXT).waitFor();

    await ada.page.getByRole("button", { name: "Unblock" }).click();
    await bob.page.locator(".composer textarea:not([disabled])").waitFor();
    await send(bob.page, "sorry");
    await waitForMessages(ada.page, ["hello?", "sorry"]);
  });
});
