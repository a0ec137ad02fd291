import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { TARGETS } from "../../scripts/build/targets.ts";
import { readEmbeddedFiles, readMetadata } from "../support/compiled.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
/** What `deno task release` reads: the sources, the manifests, the lockfile and the scripts. */
const SOURCES = ["deno.json", "deno.lock", "tests/deno.json", "main.ts", "src", "routes", "scripts"];
const LINUX = TARGETS.filter((target) => target.endsWith("-linux-gnu"));
/** The macOS targets, the npm package of Deno's own build for each, and its Mach-O CPU type. */
const MACOS = [
  { target: "x86_64-apple-darwin", npm: "@deno/darwin-x64", cpu: 0x01000007 },
  { target: "aarch64-apple-darwin", npm: "@deno/darwin-arm64", cpu: 0x0100000c },
] as const;

async function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, { args, cwd, env, stdin: "null", stdout: "piped", stderr: "piped" })
    .output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

Deno.test("deno task release builds dist/app-<target> and a SHA256SUMS that sha256sum -c checks", async (t) => {
  const work = await Deno.makeTempDir({ prefix: "release-" });
  // `deno compile` cannot download its runtime (denort) here: the installed deno stands in for it,
  // so every compile step runs and the files written are inspected, not run.
  const env = {
    PATH: `${dirname(Deno.execPath())}:${Deno.env.get("PATH") ?? ""}`,
    DENORT_BIN: Deno.execPath(),
    NO_COLOR: "1",
  };
  try {
    for (const source of SOURCES) {
      await Deno.mkdir(dirname(join(work, source)), { recursive: true });
      assert.equal((await run("cp", ["-r", join(ROOT, source), join(work, source)], ROOT)).code, 0);
    }
    const dist = join(work, "dist");

    await t.step("the Linux targets: one binary each, and checksums sha256sum -c accepts", async () => {
      const started = performance.now();
      const release = await run(
        "deno",
        ["task", "release", ...LINUX.flatMap((target) => ["--target", target])],
        work,
        env,
      );
      assert.equal(release.code, 0, release.stderr);
      const names = LINUX.map((target) => `app-${target}`);
      const listed = (await Deno.readTextFile(join(dist, "SHA256SUMS"))).split("\n").filter(Boolean);
      assert.deepEqual(listed.map((line) => line.split(/\s+/)[1]), names);
      const check = await run("sha256sum", ["-c", "--strict", "SHA256SUMS"], dist);
      assert.equal(check.code, 0, check.stdout + check.stderr);
      assert.equal(check.stdout, names.map((name) => `${name}: OK\n`).join(""));
      const sizes = await Promise.all(names.map(async (name) => (await Deno.stat(join(dist, name))).size));
      console.log(
        names.map((name, i) => `${name} ${(sizes[i] / 1024 ** 2).toFixed(1)} MB`).join("; ") +
          `; ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      // The checksums vouch for these bytes only.
      await Deno.writeFile(join(dist, names[1]), new Uint8Array([0]), { append: true });
      const tampered = await run("sha256sum", ["-c", "SHA256SUMS"], dist);
      assert.notEqual(tampered.code, 0);
      assert.match(tampered.stdout, new RegExp(`^${names[1]}: FAILED$`, "m"));
    });

    await t.step("a target that fails to build leaves no SHA256SUMS, not even the last run's", async () => {
      // With an ELF deno as the stand-in runtime, the macOS (Mach-O) targets cannot be written.
      const release = await run("deno", ["task", "release"], work, env);
      assert.notEqual(release.code, 0);
      assert.match(release.stderr, /app: compiling for x86_64-apple-darwin/);
      assert.match(release.stderr, /error: deno compile failed/);
      await assert.rejects(Deno.stat(join(dist, "SHA256SUMS")), Deno.errors.NotFound);
    });

    await t.step(
      "the macOS targets compile into Mach-O binaries for their CPU, with our payload",
      async () => {
        // Deno publishes its macOS builds on npm: each stands in for that target's denort (deno plus
        // our payload, not runnable as app), so the Mach-O writer runs as it does for a real release.
        const packs = join(work, "packs");
        await Deno.mkdir(packs);
        for (const { target, npm, cpu } of MACOS) {
          const pack = await run("npm", ["pack", "--silent", `${npm}@${Deno.version.deno}`], packs, {
            ...Deno.env.toObject(),
            ...env,
          });
          assert.equal(pack.code, 0, pack.stderr);
          const dir = join(packs, npm.replace("@deno/", ""));
          await Deno.mkdir(dir);
          assert.equal(
            (await run("tar", ["-xzf", join(packs, pack.stdout.trim()), "-C", dir], packs)).code,
            0,
          );
          const output = `dist/app-${target}`;
          const compile = await run(
            "deno",
            ["task", "compile", "--target", target, "--output", output],
            work,
            {
              ...env,
              DENORT_BIN: join(dir, "package/deno"),
            },
          );
          assert.equal(compile.code, 0, compile.stderr);
          const binary = await Deno.readFile(join(work, output));
          const header = new DataView(binary.buffer, binary.byteOffset, 8);
          assert.equal(header.getUint32(0, true), 0xfeedfacf, `${target}: a 64-bit Mach-O`);
          assert.equal(header.getUint32(4, true), cpu, `${target}: its CPU type`);
          assert.equal(readMetadata(binary).permissions.prompt, false);
          assert.ok(readEmbeddedFiles(binary).some(({ path, module }) => path === "main.ts" && module));
          console.log(`app-${target} ${(binary.length / 1024 ** 2).toFixed(1)} MB`);
        }
      },
    );

    await t.step("an unknown target is a usage error, before anything is built", async () => {
      const release = await run(
        "deno",
        ["task", "release", "--target", "riscv64gc-unknown-linux-gnu"],
        work,
        env,
      );
      assert.equal(release.code, 2);
      assert.match(
        release.stderr,
        /unknown target "riscv64gc-unknown-linux-gnu": use one of x86_64-unknown-linux-gnu/,
      );
      assert.doesNotMatch(release.stderr, /app: compiling/);
    });
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
