// Devices: signed in on two browsers, the user sees both in the profile and signs the other one
// out from there; that browser is back at the sign-in screen at once.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, registerUser, signIn } from "./helpers.mjs";

describe("devices", () => {
  let browser, laptop, phone;

  before(async () => {
    browser = await launch();
    laptop = await registerUser(browser, { prefix: "dev", displayName: "Dev Ice" });
    phone = await signIn(browser, laptop);
  });

  after(async () => {
    await browser?.close();
  });

  it("lists both logins and signs the other one out live", async () => {
    await laptop.page.getByRole("button", { name: "Edit profile" }).click();
    const profile = laptop.page.getByRole("dialog", { name: "Profile" });
    const devices = profile.locator(".devices li");
    await devices.nth(1).waitFor();
    assert.equal(await devices.count(), 2);
    assert.match(await devices.first().textContent(), /this device/);
    await devices.nth(1).getByRole("button", { name: "Sign out" }).click();
    await phone.page.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 10_000 });
    await profile.locator(".devices li").nth(1).waitFor({ state: "detached" });
    assert.equal(await profile.locator(".devices li").count(), 1);
  });
});
