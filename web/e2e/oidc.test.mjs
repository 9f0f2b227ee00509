// Signing in with the identity provider (a real OpenID Connect provider started beside the
// server): the whole browser flow signs a new user in, and replaying its callback is refused.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { launch, URL } from "./helpers.mjs";

const NAME = process.env.CHAT_OIDC_NAME;

describe("signing in with the identity provider", { skip: !NAME && "CHAT_OIDC_NAME is not set" }, () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  it("signs a new user in through the provider, and a replayed callback is refused", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let callback = null;
    page.on("request", async (request) => {
      if (request.url().includes("/api/auth/oidc/callback")) {
        callback = { url: request.url(), cookie: (await request.allHeaders()).cookie ?? "" };
      }
    });
    await page.goto(URL);
    await page.getByRole("link", { name: `Sign in with ${NAME}` }).click();

    // The provider's own pages: any login and password, then consent.
    const subject = `grace-${Date.now()}`;
    await page.locator('input[name="login"]').fill(subject);
    await page.locator('input[name="password"]').fill("anything");
    await page.locator('button[type="submit"]').click();
    await page.getByRole("button", { name: "Continue" }).click();

    await page.getByRole("button", { name: "New chat" }).first().waitFor({ timeout: 15_000 });
    assert.equal(new globalThis.URL(page.url()).hash, "", "the address bar is clean");
    await page.getByRole("button", { name: "Edit profile" }).click();
    const profile = page.getByRole("dialog", { name: "Profile" });
    assert.equal(await profile.getByLabel("Display name").inputValue(), "Grace Hopper");

    assert.ok(callback?.cookie.includes("chat_oidc="), "the callback carried the sign-in cookie");
    // Replayed with the cookie, the provider refuses its spent code; without it, the server refuses
    // a sign-in this browser did not start.
    const errorOf = async (headers) => {
      const answer = await fetch(callback.url, { headers, redirect: "manual" });
      assert.equal(answer.status, 303);
      const fragment = new globalThis.URL(answer.headers.get("location")).hash.slice(1);
      const params = new URLSearchParams(fragment);
      assert.equal(params.has("oidc"), false, "not signed in");
      assert.doesNotMatch(answer.headers.get("set-cookie") ?? "", /chat_oidc_login=[^;]/, "no login handed over");
      return params.get("oidc-error") ?? "";
    };
    assert.match(await errorOf({ cookie: callback.cookie }), /refused the code \(invalid_grant\)/);
    assert.match(await errorOf({}), /not started here/);

    // A link cannot sign a browser in: completing a sign-in needs the cookie of the callback.
    const stranger = await fetch(`${URL}/api/auth/oidc/redeem`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    assert.equal(stranger.status, 401);
    await context.close();
  });
});
