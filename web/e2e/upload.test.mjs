// Sending an image: picked with the attach button, uploaded with progress, processed by the
// server (a job), sent as a message once the job is completed, and shown to the other person as
// a thumbnail that opens the full image. The PNG is drawn in the page (no binary fixture).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { URL, launch, openChat, registerUser, screenshot, send, startDirectChat, waitForMessages } from "./helpers.mjs";

/** Whether the server under test has the upload routes (its OpenAPI document lists them). */
async function uploadsServed() {
  try {
    const doc = await (await fetch(`${URL}/api/openapi.json`)).json();
    return Boolean(doc.paths?.["/api/uploads"]) && Boolean(doc.paths?.["/api/jobs/{id}"]);
  } catch {
    return false;
  }
}

const skip = (await uploadsServed())
  ? false
  : "the server does not serve POST /api/uploads and GET /api/jobs/{id} yet (the upload feature has not landed in openapi/openapi.json)";

describe("sending an image", () => {
  let browser, ada, bob;

  before(async () => {
    if (skip) return;
    browser = await launch();
    ada = await registerUser(browser, { prefix: "ada", displayName: "Ada Pictures" });
    bob = await registerUser(browser, { prefix: "bob", displayName: "Bob Pictures" });
    await startDirectChat(ada.page, bob);
    await send(ada.page, "Look at this");
    await openChat(bob.page, "Ada Pictures");
    await waitForMessages(bob.page, ["Look at this"]);
  });

  after(async () => {
    await browser?.close();
  });

  it("an image is sent and its thumbnail displays for the other user", { skip }, async () => {
    // A 96×64 PNG drawn on a canvas.
    const png = await ada.page.evaluate(() => {
      const canvas = document.createElement("canvas");
      canvas.width = 96;
      canvas.height = 64;
      const g = canvas.getContext("2d");
      g.fillStyle = "#2f6fde";
      g.fillRect(0, 0, 96, 64);
      g.fillStyle = "#ffb25b";
      g.beginPath();
      g.arc(48, 40, 18, 0, Math.PI * 2);
      g.fill();
      return canvas.toDataURL("image/png").split(",")[1];
    });

    const chooser = ada.page.waitForEvent("filechooser");
    await ada.page.getByRole("button", { name: "Attach a file" }).click();
    await (await chooser).setFiles({ name: "sunset.png", mimeType: "image/png", buffer: Buffer.from(png, "base64") });

    // Sent once processed: it shows as a stored image message for Ada, then for Bob.
    const adaImage = ada.page.locator('li.message[data-status="stored"] .attachment-image img');
    await adaImage.waitFor({ timeout: 30_000 });
    await ada.page.locator(".uploads").waitFor({ state: "detached", timeout: 10_000 });

    const message = bob.page.locator("li.message", { has: bob.page.locator(".attachment-image") });
    const image = message.locator(".attachment-image img");
    await image.waitFor({ state: "visible", timeout: 15_000 });
    await bob.page.waitForFunction(
      () => {
        const img = document.querySelector("ol.messages li.message .attachment-image img");
        return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
      },
      null,
      { timeout: 15_000 },
    );
    assert.ok(await image.evaluate((img) => img.naturalWidth) > 0);
    assert.equal(await image.getAttribute("alt"), "sunset.png");
    const link = message.locator("a.attachment-image");
    assert.equal(await link.getAttribute("target"), "_blank");
    assert.equal(await link.getAttribute("rel"), "noopener noreferrer");
    assert.ok((await link.getAttribute("href")).length > 0);
    assert.match(await message.getAttribute("aria-label"), /^Ada Pictures: image sunset\.png$/);
    // The list says what came.
    assert.match(await bob.page.locator("button.conversation", { hasText: "Ada Pictures" }).textContent(), /Photo/);
    await screenshot(bob.page, "upload-1-bob-sees-thumbnail");
    assert.deepEqual([...ada.errors, ...bob.errors], []);
  });
});
