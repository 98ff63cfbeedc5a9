import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The server that `npm run serve` starts; the dev server forwards the API and both sockets
 * to it. The Origin header is left alone on purpose (rewriting it would defeat the server's
 * Origin check): in development start the server with PUBLIC_URL=http://localhost:5173 so
 * that the dev server is the origin it trusts and the one invite links point to.
 */
const backend = "http://localhost:3000";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      "/socket.io": { target: backend, ws: true, changeOrigin: false },
      "/collab": { target: backend, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    // The editor route (Tiptap + ProseMirror + Yjs) is its own lazy chunk and is the
    // largest piece on purpose; warn only if it grows well past its current size.
    chunkSizeWarningLimit: 700,
  },
});
