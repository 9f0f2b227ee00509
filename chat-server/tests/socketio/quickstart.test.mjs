import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { URL as SERVER } from "./helpers.mjs";

const script = fileURLToPath(new URL("../../../examples/node/quickstart.mjs", import.meta.url));

test("the README quickstart works as written", async () => {
  const { stdout } = await promisify(execFile)("node", [script], { env: { ...process.env, CHAT_URL: SERVER }, timeout: 15000 });
  assert.match(stdout, /stored as #1/);
  assert.match(stdout, /#1 Hello, Bob!/);
});
