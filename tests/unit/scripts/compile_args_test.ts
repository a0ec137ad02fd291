import assert from "node:assert/strict";
import { parseCompileArgs, TARGETS, UsageError } from "../../../scripts/build/targets.ts";
import { compileArgs, startFlags } from "../../../scripts/build/deno_compile.ts";

Deno.test("deno task compile's arguments", async (t) => {
  await t.step("no arguments: this machine's target, ./app", () => {
    assert.deepEqual(parseCompileArgs([]), { target: undefined, output: "app" });
  });
  await t.step("Docker's platforms map to the image's Linux targets", () => {
    assert.equal(parseCompileArgs(["--platform", "linux/amd64"]).target, "x86_64-unknown-linux-gnu");
    assert.equal(parseCompileArgs(["--platform=linux/arm64"]).target, "aarch64-unknown-linux-gnu");
  });
  await t.step("every shipped target is accepted as --target", () => {
    for (const target of TARGETS) assert.equal(parseCompileArgs(["--target", target]).target, target);
  });
  for (
    const [args, message] of [
      [["--target", "x86_64-pc-windows-msvc"], /unknown target "x86_64-pc-windows-msvc"/],
      [["--platform", "linux/"], /TARGETARCH is empty: build with BuildKit/],
      [["--platform", "linux/arm/v7"], /no image target for platform "linux\/arm\/v7"/],
      [["--target", "aarch64-apple-darwin", "--platform", "linux/amd64"], /not both/],
      [["--output"], /--output needs a value/],
      [["--output", "a", "--output", "b"], /--output given twice/],
      [["main.ts"], /unknown argument "main.ts"/],
    ] as const
  ) {
    await t.step(`${args.join(" ")} is refused`, () => {
      assert.throws(
        () => parseCompileArgs(args),
        (error) => error instanceof UsageError && message.test(error.message),
      );
    });
  }
});

Deno.test("deno compile gets the start task's flags, the target and the output, then main.ts last", () => {
  const args = compileArgs("aarch64-apple-darwin", "dist/app-aarch64-apple-darwin");
  assert.deepEqual(args.slice(0, 3), ["compile", "--no-check", "--exclude-unused-npm"]);
  assert.deepEqual(args.slice(3, 3 + startFlags().length), startFlags());
  assert.deepEqual(args.slice(-5), [
    "--target",
    "aarch64-apple-darwin",
    "--output",
    "dist/app-aarch64-apple-darwin",
    "main.ts",
  ]);
  assert.ok(!compileArgs(undefined, "app").includes("--target"));
});
