import assert from "node:assert/strict";
import {
  authorizationFailed,
  bodyBytes,
  greetingResponse,
  jsonResponse,
  textResponse,
} from "../../../src/http/responses.ts";

const byteLengthOf = async (response: Response) => (await response.arrayBuffer()).byteLength;

Deno.test("responses: text answers end in Go's newline, are typed, unsniffable, and know their size", async (t) => {
  const cases: [string, number, string][] = [
    ["ASCII", 404, "404 page not found"],
    ["empty", 200, ""],
    ["non-ASCII (bytes, not characters)", 400, "invalid name: é€😀"],
  ];
  for (const [name, status, body] of cases) {
    await t.step(name, async () => {
      const response = textResponse(status, body);
      assert.equal(response.status, status);
      assert.equal(response.headers.get("content-type"), "text/plain; charset=utf-8");
      assert.equal(response.headers.get("x-content-type-options"), "nosniff");
      const recorded = bodyBytes(response);
      assert.equal(await response.clone().text(), `${body}\n`);
      assert.equal(recorded, await byteLengthOf(response));
    });
  }
  await t.step("extra headers are added, and the content type cannot be doubled", () => {
    const response = textResponse(405, "method not allowed", { allow: "GET, HEAD" });
    assert.equal(response.headers.get("allow"), "GET, HEAD");
    assert.deepEqual([...response.headers].filter(([name]) => name === "content-type").length, 1);
  });
});

Deno.test("responses: JSON answers carry a trailing newline, the status asked for and their byte size", async (t) => {
  const cases: [string, unknown, number][] = [
    ["an object, 200 by default", { version: "1.0.0" }, 200],
    ["an error status", { error: "busy" }, 503],
    ["non-ASCII text", { name: "Zoë 😀" }, 200],
  ];
  for (const [name, value, status] of cases) {
    await t.step(name, async () => {
      const response = status === 200 ? jsonResponse(value) : jsonResponse(value, status);
      assert.equal(response.status, status);
      assert.equal(response.headers.get("content-type"), "application/json");
      const recorded = bodyBytes(response);
      const text = await response.clone().text();
      assert.equal(text, `${JSON.stringify(value)}\n`);
      assert.deepEqual(JSON.parse(text), value);
      assert.equal(recorded, await byteLengthOf(response));
    });
  }
});

Deno.test("responses: a header set on one response never leaks into the next (shared 200 inits)", async () => {
  const first = jsonResponse({ a: 1 });
  first.headers.set("cache-control", "public, max-age=300");
  const greeting = greetingResponse();
  greeting.headers.set("x-extra", "1");
  const text = textResponse(200, "ok", { "x-once": "1" });
  assert.equal(jsonResponse({ b: 2 }).headers.get("cache-control"), null);
  assert.equal(greetingResponse().headers.get("x-extra"), null);
  assert.equal(textResponse(200, "ok").headers.get("x-once"), null);
  await Promise.all([first, greeting, text].map((response) => response.body?.cancel()));
});

Deno.test("responses: the greeting is the course's body, fresh for every request", async () => {
  const one = greetingResponse();
  const two = greetingResponse();
  assert.notEqual(one, two);
  assert.equal(await one.text(), '{"message":"Hello"}\n');
  assert.equal(await two.text(), '{"message":"Hello"}\n', "reading one does not consume the other");
  assert.equal(bodyBytes(greetingResponse()), 20);
});

Deno.test("responses: 401 names the scheme to use and keeps the course's body", async () => {
  const response = authorizationFailed('Bearer realm="app", error="invalid_token"');
  assert.equal(response.status, 401);
  assert.equal(response.headers.get("www-authenticate"), 'Bearer realm="app", error="invalid_token"');
  assert.equal(await response.text(), "authorization failed\n");
});

Deno.test("responses: bodyBytes is null for a response not built here", () => {
  assert.equal(bodyBytes(new Response("x")), null);
  assert.equal(bodyBytes(Response.json({})), null);
});
