/**
 * Files no service should read to the end: a symlink to `/dev/zero` and a FIFO nobody writes to.
 * @module
 */
import assert from "node:assert/strict";

/** Makes a FIFO at `path` (Deno has no mkfifo of its own). */
export async function mkfifo(path: string): Promise<void> {
  const { code } = await new Deno.Command("mkfifo", { args: [path] }).output();
  assert.equal(code, 0, "mkfifo failed");
}

/** The hostile stand-ins for a file: each name with how to make it at a path. */
export const HOSTILE_FILES: readonly { name: string; make(path: string): Promise<void> }[] = [
  { name: "a symlink to /dev/zero", make: (path) => Deno.symlink("/dev/zero", path) },
  { name: "a FIFO nobody writes to", make: mkfifo },
];

/** Replaces `path` atomically (a rename) with what `make` creates, as a mounted Secret is swapped. */
export async function swapTo(path: string, make: (path: string) => Promise<void>): Promise<void> {
  const next = `${path}.next`;
  await make(next);
  await Deno.rename(next, path);
}
