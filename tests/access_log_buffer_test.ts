import assert from "node:assert/strict";
import { AccessLog } from "../src/log.ts";

function sink() {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  // Writes at most 7 bytes per call, like a pipe that takes part of a chunk.
  const write = (bytes: Uint8Array) => {
    const n = Math.min(7, bytes.length);
    chunks.push(decoder.decode(bytes.subarray(0, n)));
    return Promise.resolve(n);
  };
  return { chunks, write, text: () => chunks.join("") };
}

Deno.test("the access log writes every line, in order, on flush", async () => {
  const out = sink();
  const log = new AccessLog({ write: out.write, flushMs: 60_000 });
  const lines = Array.from({ length: 500 }, (_, i) => `line ${i}\n`);
  for (const line of lines) log.add(line);
  await log.flush();
  assert.equal(out.text(), lines.join(""));
});

Deno.test("the access log writes by itself after flushMs, batching the lines", async () => {
  const out = sink();
  const log = new AccessLog({ write: (bytes) => out.write(bytes), flushMs: 5, maxBuffered: 1 << 20 });
  log.add("a\n");
  log.add("b\n");
  assert.equal(out.text(), "");
  await new Promise((resolve) => setTimeout(resolve, 30));
  await log.flush();
  assert.equal(out.text(), "a\nb\n");
});

Deno.test("the access log writes at once when the buffer is full", async () => {
  const out = sink();
  const log = new AccessLog({ write: out.write, flushMs: 60_000, maxBuffered: 10 });
  log.add("0123456789\n");
  await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(out.text(), "0123456789\n");
  await log.flush();
});

Deno.test("a failing sink does not stop later lines", async () => {
  let fail = true;
  const written: string[] = [];
  const log = new AccessLog({
    write: (bytes) => {
      if (fail) return Promise.reject(new Error("EPIPE"));
      written.push(new TextDecoder().decode(bytes));
      return Promise.resolve(bytes.length);
    },
    flushMs: 60_000,
  });
  log.add("lost\n");
  await log.flush();
  fail = false;
  log.add("kept\n");
  await log.flush();
  assert.deepEqual(written, ["kept\n"]);
});
