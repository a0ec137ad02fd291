import assert from "node:assert/strict";
import { SighupRegistry } from "../../../src/server/sighup.ts";

Deno.test("SIGHUP registry: runs every reloader, a failing one keeps the old value and is named, as a warning", async () => {
  const lines: string[] = [];
  const reloads = new SighupRegistry((line, level = "info") => lines.push(`${level}: ${line}`));
  let value = "old";
  reloads.onReload("broken file", () => {
    throw new Error("no such file\nstack");
  });
  reloads.onReload("good file", () => void (value = "new"));
  assert.equal(await reloads.reloadAll(), 1);
  assert.equal(value, "new");
  assert.deepEqual(lines, [
    "warn: SIGHUP: cannot reload broken file: no such file; keeping the previous one",
    "info: SIGHUP: reloaded good file",
  ]);
});
