// Shared by the browser tests: a headless Chromium (the system one, driven by playwright-core)
// against the server at CHAT_URL, and the steps a person takes in the app.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const URL = process.env.CHAT_URL ?? "http://127.0.0.1:3000";
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const here = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = path.join(here, "screenshots");
export const DOCS = path.join(here, "..", "..", "docs");
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 780 };

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

export function uniqueName(prefix) {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}

const PASSWORD = "correct horse battery";

/** A new browser context (its own storage, like another device) on the app, recording its dialogs and errors. */
async function newDevice(browser, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(URL);
  return { context, page, dialogs, errors };
}

/**
 * A new device where a new user registers through the form.
 * Resolves with { context, page, username, displayName, dialogs, errors }.
 */
export async function registerUser(browser, { prefix, displayName, viewport = DESKTOP }) {
  const device = await newDevice(browser, viewport);
  const { page } = device;
  const username = uniqueName(prefix);
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Display name").fill(displayName);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("button", { name: "New chat" }).first().waitFor();
  return { ...device, username, displayName };
}

/** `user` signs in on another new device, which holds nothing of theirs yet. */
export async function signIn(browser, user, viewport = DESKTOP) {
  const device = await newDevice(browser, viewport);
  const { page } = device;
  await page.getByLabel("Username or email").fill(user.username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "New chat" }).first().waitFor();
  return { ...device, username: user.username, displayName: user.displayName };
}

/** Starts (or opens) a direct chat with `other` from the user search. */
export async function startDirectChat(page, other) {
  await page.getByRole("button", { name: "New chat" }).first().click();
  await page.getByLabel("Find people").fill(other.username);
  await page.getByRole("button", { name: `Chat with ${other.displayName}` }).click();
  await page.getByRole("heading", { level: 2, name: other.displayName }).waitFor();
}

/** Opens the conversation titled `title` from the list. */
export async function openChat(page, title) {
  await page.locator("button.conversation", { hasText: title }).click();
  await page.getByRole("heading", { level: 2, name: title }).waitFor();
}

export function composer(page) {
  return page.locator(".composer textarea");
}

export async function send(page, text) {
  await composer(page).fill(text);
  await composer(page).press("Enter");
}

/** The texts of the messages shown, in order, with their status (stored, pending, failed). */
export async function shownMessages(page) {
  return page.$$eval("ol.messages li.message", (items) =>
    items.map((li) => ({ text: li.querySelector(".text")?.textContent ?? "", status: li.dataset.status })),
  );
}

/** Waits until the shown message texts, in order, end with `texts`. */
export async function waitForMessages(page, texts, timeout = 15_000) {
  await page.waitForFunction(
    (want) => {
      const shown = Array.from(document.querySelectorAll("ol.messages li.message[data-status=stored] .text")).map(
        (e) => e.textContent,
      );
      return want.every((t) => shown.includes(t)) && JSON.stringify(shown.slice(-want.length)) === JSON.stringify(want);
    },
    texts,
    { timeout },
  );
}

/**
 * From now on, records the highest number of times each message text has been on screen at once
 * (read it with `maxCopies`), so a duplicate that shows even briefly is caught.
 */
export async function watchDuplicates(page) {
  await page.evaluate(() => {
    const seen = (window.__maxCopies = {});
    const count = () => {
      const counts = {};
      for (const e of document.querySelectorAll("ol.messages li.message .text")) {
        counts[e.textContent] = (counts[e.textContent] ?? 0) + 1;
      }
      for (const [t, n] of Object.entries(counts)) seen[t] = Math.max(seen[t] ?? 0, n);
    };
    count();
    new MutationObserver(count).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

export function maxCopies(page) {
  return page.evaluate(() => window.__maxCopies);
}
