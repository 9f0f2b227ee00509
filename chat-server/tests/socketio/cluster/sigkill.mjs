// An instance dies without a goodbye: its users must not stay online for more than ten seconds on
// the surviving instance (a 5 s heartbeat, swept every 2 s, by default).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { apiAt, connectAt, register, next, closeAll } from "../helpers.mjs";

const [A, B] = [process.env.CHAT_URL_0, process.env.CHAT_URL_1];
after(closeAll);

test("the users of an instance killed with SIGKILL show offline on the other instance within 10 seconds", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  await apiAt(A, "POST", "/api/conversations", bob.token, { kind: "direct", memberIds: [ada.id] });
  const bobOnA = await connectAt(A, bob.token);
  const online = next(bobOnA, "userStatus", (s) => s.userId === ada.id && s.status === "online");
  await connectAt(B, ada.token, { reconnection: false });
  await online;

  const offline = next(bobOnA, "userStatus", (s) => s.userId === ada.id && s.status === "offline", 15000);
  const killedAt = Date.now();
  process.kill(Number(process.env.CHAT_PID_1), "SIGKILL");
  const gone = await offline;
  const elapsed = Date.now() - killedAt;
  console.log(`a SIGKILLed instance's user showed offline ${elapsed} ms later`);
  assert.ok(elapsed < 10000, `${elapsed} ms`);
  assert.ok(gone.lastSeen);
  assert.equal((await apiAt(A, "GET", `/api/users/${ada.id}`, bob.token)).body.status, "offline");
});
