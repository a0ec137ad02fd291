import assert from "node:assert/strict";
import { mkfifo } from "../support/hostile_files.ts";
import { FileRefused, readBoundedText, readBoundedTextSync } from "../../src/util/bounded_file.ts";

const readers = [
  { name: "async", read: readBoundedText },
  {
    name: "sync",
    read: (path: string, cap?: number) => Promise.resolve().then(() => readBoundedTextSync(path, cap)),
  },
];

Deno.test("bounded file reader: regular files and symlinks to them only, never more than the cap", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/small`, "line one\nline two\n");
    await Deno.writeTextFile(`${dir}/exact`, "x".repeat(16));
    await Deno.writeTextFile(`${dir}/over`, "x".repeat(17));
    await Deno.symlink(`${dir}/small`, `${dir}/link`);
    await Deno.symlink("/dev/zero", `${dir}/zero`);
    await mkfifo(`${dir}/fifo`);
    await Deno.symlink(`${dir}/fifo`, `${dir}/fifo-link`);
    await Deno.mkdir(`${dir}/dir`);
    for (const { name, read } of readers) {
      await t.step(`${name}: a regular file, and a symlink to one (a Kubernetes Secret mount)`, async () => {
        assert.equal(await read(`${dir}/small`), "line one\nline two\n");
        assert.equal(await read(`${dir}/link`), "line one\nline two\n");
      });
      await t.step(`${name}: exactly the cap is read; one byte more is refused`, async () => {
        assert.equal(await read(`${dir}/exact`, 16), "x".repeat(16));
        await assert.rejects(read(`${dir}/over`, 16), FileRefused, "over 16 bytes");
      });
      const refused: [string, string][] = [
        ["zero", "a character device"],
        ["fifo", "a FIFO"],
        ["fifo-link", "a FIFO"],
        ["dir", "a directory"],
      ];
      for (const [file, kind] of refused) {
        await t.step(`${name}: ${file} is refused at once as ${kind}`, async () => {
          await assert.rejects(read(`${dir}/${file}`), (error: Error) => {
            assert.ok(error instanceof FileRefused);
            assert.equal(error.message, `not a regular file (${kind})`);
            return true;
          });
        });
      }
      await t.step(`${name}: a missing file is Deno's NotFound`, async () => {
        await assert.rejects(read(`${dir}/missing`), Deno.errors.NotFound);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bounded file reader: a file whose size says 0 (a /proc file) is still read only up to the cap", async () => {
  // /proc files report size 0 yet have content: the cap is counted on bytes read, not on stat.
  const text = await readBoundedText("/proc/self/status", 1 << 20);
  assert.match(text, /^Name:/);
  await assert.rejects(readBoundedText("/proc/self/status", 8), FileRefused, "over 8 bytes");
});
