/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

declare const process: { env: Record<string, string | undefined> };

// The API and Socket.IO run on chat-server (port 3000 in development); the dev server forwards
// them so the app always talks to its own origin, as it does when chat-server serves web/dist.
const server = process.env.CHAT_DEV_SERVER ?? "http://127.0.0.1:3000";

export default defineConfig({
  base: "/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      "/api": { target: server, changeOrigin: true },
      "/socket.io": { target: server, changeOrigin: true, ws: true },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
