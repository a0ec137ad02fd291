import assert from "node:assert/strict";
import { closeAfter, withHeader } from "../../../src/http/with_header.ts";

Deno.test("closeAfter marks a response Connection: close and keeps status, headers and body", async () => {
  const response = closeAfter(
    new Response("hi\n", { status: 401, headers: { "WWW-Authenticate": "Bearer" } }),
  );
  assert.equal(response.headers.get("connection"), "close");
  assert.equal(response.status, 401);
  assert.equal(response.headers.get("www-authenticate"), "Bearer");
  assert.equal(await response.text(), "hi\n");
});

Deno.test("withHeader copies a response whose headers are immutable", () => {
  const immutable = Response.redirect("http://127.0.0.1/elsewhere", 302);
  assert.throws(() => immutable.headers.set("x", "y"));
  const response = withHeader(immutable, "x-request-id", "abc");
  assert.equal(response.headers.get("x-request-id"), "abc");
  assert.equal(response.status, 302);
  assert.equal(response.headers.get("location"), "http://127.0.0.1/elsewhere");
  assert.equal(closeAfter(immutable).headers.get("connection"), "close");
});
