import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "./ApiError";
import { createRequest } from "./request";

// A real HTTP server on port 0: the cases are about what the network does to a body.
let server: Server;
let base = "";
const stalled = new Set<import("node:http").ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/stall") {
      // Headers and half a JSON body, then nothing: the body is still arriving when the client aborts.
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"dashboard":{"sec');
      stalled.add(res);
      return;
    }
    if (req.url === "/garbage") {
      res.writeHead(200, { "Content-Type": "application/json" }).end("<html>proxy page</html>");
      return;
    }
    if (req.url === "/invalid") {
      res
        .writeHead(422, { "Content-Type": "application/json" })
        .end(JSON.stringify({ error: { code: "invalid", message: "Title is required.", field: "title" } }));
      return;
    }
    if (req.url === "/empty") {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  for (const res of stalled) res.destroy();
  stalled.clear();
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("request", () => {
  it("treats an abort while the body is arriving as an abort, never as a success without a body", async () => {
    const realFetch = globalThis.fetch;
    let headersArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (headersArrived = resolve));
    // The real fetch, observed: the abort must come after the response (its headers) is in hand.
    globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
      const response = await realFetch(...args);
      headersArrived();
      return response;
    };
    try {
      const request = createRequest({ onSessionEnded: () => undefined });
      const controller = new AbortController();
      const pending = request("GET", `${base}/stall`, { signal: controller.signal });
      await arrived;
      controller.abort();
      const outcome = await pending.then(
        (value) => ({ resolved: value }),
        (error: unknown) => ({ rejected: error }),
      );
      expect(outcome).not.toHaveProperty("resolved");
      expect((outcome as { rejected: unknown }).rejected).toBeInstanceOf(DOMException);
      expect((outcome as { rejected: DOMException }).rejected.name).toBe("AbortError");
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it("rejects a successful status whose body is not JSON with a named error", async () => {
    const request = createRequest({ onSessionEnded: () => undefined });
    const error = await request("GET", `${base}/garbage`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("bad_response");
    expect((error as ApiError).status).toBe(200);
  });

  it("passes the server's error code, message and field through", async () => {
    const request = createRequest({ onSessionEnded: () => undefined });
    const error = await request("POST", `${base}/invalid`, { body: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect({
      status: (error as ApiError).status,
      code: (error as ApiError).code,
      field: (error as ApiError).field,
      message: (error as ApiError).message,
    }).toEqual({
      status: 422,
      code: "invalid",
      field: "title",
      message: "Title is required.",
    });
  });

  it("returns the parsed body of a success, and nothing for 204", async () => {
    const request = createRequest({ onSessionEnded: () => undefined });
    await expect(request("GET", `${base}/ok`)).resolves.toEqual({ ok: true });
    await expect(request("DELETE", `${base}/empty`)).resolves.toBeUndefined();
  });
});
