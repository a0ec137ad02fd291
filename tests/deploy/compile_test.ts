import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import {
  lockedClosure,
  type Lockfile,
  npmPackages,
  readEmbeddedFiles,
  readMetadata,
  reportedSize,
} from "../support/compiled.ts";
import { builtArtifact, readStages, runBuildStage } from "../support/dockerfile.ts";
import { RUN_FLAGS, RUNTIME_FLAGS } from "../../scripts/lib/app_process.ts";

/**
 * The embedded files may grow to this. Measured: 6.65 MB (hono 1.27 MB, @peculiar/* and asn1js for
 * certgen 1.7 MB, hash-wasm 2.08 MB (the whole package is embedded, though the login uses only its
 * bcrypt), @noble/hashes 0.68 MB; our code 0.17 MB); with the tests' packages it was 16.4 MB.
 */
const BUDGET_BYTES = 7 * 1024 ** 2;

/** A permission flag's value the way the binary's metadata stores it: `[]` for all, a list, or null. */
function expectedPermission(flag: string): string[] | null {
  const given = RUN_FLAGS.find((word) => word === flag || word.startsWith(`${flag}=`));
  if (given === undefined) return null;
  return given.includes("=") ? given.slice(flag.length + 1).split(",") : [];
}

/** Docker's TARGETARCH for each image target: what `--platform linux/$TARGETARCH` must compile for. */
const IMAGE_TARGETS = { amd64: "x86_64-unknown-linux-gnu", arm64: "aarch64-unknown-linux-gnu" };

/** The checks every compiled binary must pass: what it may do, and that it holds runtime code only. */
async function checkBinary(t: Deno.TestContext, binary: Uint8Array, lockText: string, compileOutput: string) {
  const files = readEmbeddedFiles(binary);
  const metadata = readMetadata(binary);

  await t.step("the binary runs with the start task's permissions and V8 flags", () => {
    const v8 = RUNTIME_FLAGS.flatMap((flag) => flag.replace(/^--v8-flags=/, "").split(","));
    assert.deepEqual(metadata.v8_flags.slice(-v8.length), v8);
    for (const name of ["net", "read", "write", "env", "run", "ffi", "sys"]) {
      assert.deepEqual(metadata.permissions[`allow_${name}`], expectedPermission(`--allow-${name}`), name);
    }
    assert.equal(metadata.permissions.prompt, false, "--no-prompt");
  });

  await t.step("the embedded npm packages are exactly the runtime dependencies", () => {
    const locked: Lockfile = JSON.parse(lockText);
    const runtimePackages = lockedClosure(locked, locked.workspace.dependencies);
    const testLock: Lockfile = JSON.parse(Deno.readTextFileSync(new URL("../deno.lock", import.meta.url)));
    const testPackages = lockedClosure(testLock, testLock.workspace.dependencies);
    const embedded = npmPackages(files);
    assert.deepEqual(embedded.filter((name) => testPackages.has(name) && !runtimePackages.has(name)), []);
    assert.deepEqual(embedded, [...runtimePackages].sort());
    assert.ok(embedded.includes("hono") && !embedded.includes("kubernetes-models"));
  });

  await t.step("our code is embedded as modules, the bcrypt worker included; no tests", () => {
    const modules = files.filter((file) => file.module).map((file) => file.path);
    for (
      const path of [
        "main.ts",
        "src/cli/run.ts",
        "src/auth/bcrypt_worker.ts",
        "src/cli/commands/certgen.ts",
        "src/cli/commands/hash_password.ts",
      ]
    ) {
      assert.ok(modules.includes(path), path);
    }
    assert.deepEqual(
      files.filter((file) => file.path.startsWith("tests/") || file.path.startsWith("scripts/")),
      [],
    );
  });

  await t.step(`the embedded files stay under ${BUDGET_BYTES / 1024 ** 2} MB`, () => {
    const size = reportedSize(compileOutput);
    assert.ok(size <= BUDGET_BYTES, `${(size / 1024 ** 2).toFixed(2)} MB`);
    console.log(`embedded ${(size / 1024 ** 2).toFixed(2)} MB; npm: ${npmPackages(files).join(", ")}`);
  });
}

Deno.test("the Dockerfile's build stage, run from a fresh cache for each TARGETARCH, compiles a binary that holds only runtime code", async (t) => {
  const [build, runtime] = await readStages();
  const lockText = await Deno.readTextFile(new URL("../../deno.lock", import.meta.url));
  const work = await Deno.makeTempDir({ prefix: "compile-" });
  const denoDir = await Deno.makeTempDir({ prefix: "compile-deno-dir-" });
  // This machine's environment (proxy and CA settings reach npm) without its Deno settings.
  const env = {
    ...Object.fromEntries(Object.entries(Deno.env.toObject()).filter(([name]) => !name.startsWith("DENO"))),
    PATH: `${dirname(Deno.execPath())}:${Deno.env.get("PATH") ?? ""}`,
    DENO_DIR: denoDir, // empty, as in the image; the targets share it, as a builder's cache would
    // `deno compile` downloads its runtime (denort) for the target from a host this machine cannot
    // reach; the installed deno stands in for it, whatever the target. Every step runs as in the
    // image; the file written is this machine's deno plus our payload, so it is inspected, not run.
    DENORT_BIN: Deno.execPath(),
    NO_COLOR: "1",
  };
  try {
    for (const [arch, target] of Object.entries(IMAGE_TARGETS)) {
      await t.step(`TARGETARCH=${arch} compiles for ${target}`, async (t) => {
        const dir = join(work, arch);
        await Deno.mkdir(dir);
        const result = await runBuildStage(build, dir, { ...env, TARGETARCH: arch });
        const failed = result.output.find(({ code }) => code !== 0);
        assert.equal(result.failed, undefined, failed && `${failed.run}\n${failed.stdout}${failed.stderr}`);
        const compile = result.output.at(-1)!;
        assert.match(compile.run, /deno task compile/);
        assert.match(compile.stderr, new RegExp(`^app: compiling for ${target} to app$`, "m"));
        const binary = await Deno.readFile(join(dir, builtArtifact(build, runtime)));
        await checkBinary(t, binary, lockText, compile.stdout + compile.stderr);
        console.log(
          `${arch}: ${(binary.length / 1024 ** 2).toFixed(1)} MB file; ` +
            result.output.map(({ run, ms }) => `${run.slice(0, 24)}...: ${(ms / 1000).toFixed(1)} s`).join(
              "; ",
            ),
        );
      });
    }
    const dir = join(work, "amd64");
    const compileRun = build.findLast(({ keyword }) => keyword === "RUN")!.text;

    await t.step(
      "an empty TARGETARCH (a builder without BuildKit) stops the build, naming the cause",
      async () => {
        const again = await runBuildStage(build.filter(({ text }) => text === compileRun), dir, {
          ...env,
          TARGETARCH: "",
        });
        assert.equal(again.failed, compileRun);
        assert.match(again.output[0].stderr, /TARGETARCH is empty: build with BuildKit/);
      },
    );

    await t.step("a deno.json the lockfile does not match fails the build (frozen)", async () => {
      const config = join(dir, "deno.json");
      const text = await Deno.readTextFile(config);
      assert.match(text, /"npm:hono@4\.13\.19"/);
      await Deno.writeTextFile(config, text.replace("npm:hono@4.13.19", "npm:hono@4.12.0"));
      const again = await runBuildStage(build.filter(({ text }) => text === compileRun), dir, {
        ...env,
        TARGETARCH: "amd64",
      });
      assert.equal(again.failed, compileRun);
      assert.match(again.output[0].stderr, /lockfile is out of date/);
      assert.equal(await Deno.readTextFile(join(dir, "deno.lock")), lockText, "deno.lock unchanged");
    });
  } finally {
    await Deno.remove(work, { recursive: true });
    await Deno.remove(denoDir, { recursive: true });
  }
});
