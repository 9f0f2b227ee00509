// The package's tests run against a real chat-server: CHAT_URL=http://127.0.0.1:3000 (required).
//   cd web && CHAT_URL=http://127.0.0.1:3000 npx vitest run --config packages/client/vitest.config.ts
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // The package has no node_modules of its own: the cache goes with web's.
  cacheDir: fileURLToPath(new URL("../../node_modules/.vite/client-package", import.meta.url)),
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
