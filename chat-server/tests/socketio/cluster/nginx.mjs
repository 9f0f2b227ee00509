// nginx (the repository's nginx.conf) in front of two instances: both transports work through
// it, and a client behind nginx talks with a client connected straight to the other instance.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { apiAt, connectAt, register, request, next, closeAll } from "../helpers.mjs";

const PROXY = process.env.CHAT_PROXY_URL;
const INSTANCES = [process.env.CHAT_URL_0, process.env.CHAT_URL_1];
after(closeAll);

for (const transports of [["polling"], ["websocket"], ["polling", "websocket"]]) {
  test(`a client on ${transports.join("+")} through nginx chats with clients on every instance`, async () => {
    const [ada, bob, cyd] = await Promise.all([register("ada"), register("bob"), register("cyd")]);
    const group = (await apiAt(PROXY, "POST", "/api/conversations", ada.token, { kind: "group", name: "n", memberIds: [bob.id, cyd.id] })).body;
    const viaProxy = await connectAt(PROXY, ada.token, { transports });
    const direct = await Promise.all(INSTANCES.map((url, i) => connectAt(url, [bob, cyd][i].token)));
    const arrivals = direct.map((s) => next(s, "receiveMessage"));
    const ack = await request(viaProxy, "sendMessage", { conversationId: group.id, content: `through nginx (${transports})` });
    assert.equal(ack.ok, true);
    for (const arrival of arrivals) assert.equal((await arrival).seq, ack.message.seq);
    const back = next(viaProxy, "receiveMessage", (m) => m.content === "back");
    await request(direct[1], "sendMessage", { conversationId: group.id, content: "back" });
    assert.equal((await back).senderId, cyd.id);
  });
}
