import { test, after } from "node:test";
import assert from "node:assert/strict";
import { URL, register, connect, closeAll, request, next, collect, conversation, sleep, png } from "./helpers.mjs";

after(closeAll);

const UPLOAD_MAX = Number(process.env.CHAT_SOCKET_UPLOAD_MAX_BYTES ?? 1048576);

test("jobUpdated reaches the uploader's sockets in order: pending, processing, completed", async () => {
  const ada = await register("ada");
  const socket = await connect(ada.token);
  const updates = collect(socket, "jobUpdated");
  const form = new FormData();
  form.append("file", new Blob([png(120, 80)]), "pic.png");
  const res = await fetch(`${URL}/api/uploads`, { method: "POST", headers: { authorization: `Bearer ${ada.token}` }, body: form });
  assert.equal(res.status, 201);
  const upload = await res.json();
  for (let i = 0; i < 100 && !updates.some((j) => j.status === "completed"); i++) await sleep(50);
  const mine = updates.filter((j) => j.id === upload.jobId);
  assert.deepEqual(mine.map((j) => j.status), ["pending", "processing", "completed"]);
  assert.equal(mine[2].result.width, 120);
  assert.match(mine[2].result.thumbnailUrl, /^\/api\/files\//);
});

test("uploadFile stores a small file sent over the socket and refuses one past its limit", async () => {
  const [ada, bob] = await Promise.all([register("ada"), register("bob")]);
  const conv = await conversation(ada, "direct", [bob]);
  const [adaSock, bobSock] = await Promise.all([connect(ada.token), connect(bob.token)]);
  const file = png(40, 30);
  assert.ok(file.length < UPLOAD_MAX);
  const done = next(adaSock, "jobUpdated", (j) => j.status === "completed");
  const ack = await request(adaSock, "uploadFile", { fileName: "tiny.png", contentType: "image/png", data: file.toString("base64") });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  assert.equal(ack.upload.contentType, "image/png");
  assert.equal(ack.upload.fileName, "tiny.png");
  await done;
  const received = next(bobSock, "receiveMessage");
  const sent = await request(adaSock, "sendMessage", { conversationId: conv.id, attachmentIds: [ack.upload.id] });
  assert.equal(sent.ok, true, JSON.stringify(sent));
  const message = await received;
  assert.equal(message.type, "image");
  const image = await fetch(URL + message.attachments[0].url);
  assert.equal(image.status, 200);
  assert.equal(image.headers.get("content-type"), "image/png");

  const tooBig = Buffer.alloc(UPLOAD_MAX + 1, 97).toString("base64");
  const refused = await request(adaSock, "uploadFile", { fileName: "big.txt", data: tooBig });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, "payload_too_large");
  const html = await request(adaSock, "uploadFile", { fileName: "x.png", contentType: "image/png", data: Buffer.from("<html><script>1</script>").toString("base64") });
  assert.equal(html.error.code, "bad_request", "a refused type is a bad request on the socket");
  assert.ok(adaSock.connected);
});
