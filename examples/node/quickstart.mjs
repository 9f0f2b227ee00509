import { io } from "socket.io-client";
const url = process.env.CHAT_URL ?? "http://127.0.0.1:3000";
const post = (path, body, token) => fetch(url + path, { method: "POST", body: JSON.stringify(body),
  headers: { "content-type": "application/json", authorization: `Bearer ${token}` } }).then((r) => r.json());
const ada = await post("/api/auth/register", { username: `ada_${Date.now()}`, password: "correct horse" });
const bob = await post("/api/auth/register", { username: `bob_${Date.now()}`, password: "correct horse" });
const chat = await post("/api/conversations", { kind: "direct", memberIds: [bob.user.id] }, ada.accessToken);
const socket = io(url, { auth: { token: ada.accessToken } });
const received = new Promise((resolve) => socket.once("receiveMessage", resolve));
const ack = await socket.emitWithAck("sendMessage", { conversationId: chat.id, content: "Hello, Bob!" });
console.log(ack.ok ? `stored as #${ack.message.seq}` : ack.error.message);
const message = await received;
console.log(`#${message.seq} ${message.content}`);
socket.close();
