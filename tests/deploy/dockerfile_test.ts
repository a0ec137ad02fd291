import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import denoConfig from "../../deno.json" with { type: "json" };
import { cliArgs } from "../support/app_process.ts";
import { readStages, runBuildStage } from "../support/dockerfile.ts";
import { appContainers, loadManifests, podSources, splitImage } from "../support/k8s.ts";

// What the build stage does is run and checked in tests/compile_test.ts; these are the image's
// other promises, which need no Docker engine to check.

const ROOT = new URL("../../", import.meta.url);
const [build, runtime] = await readStages();
const lines = (stage: typeof build, keyword: string) =>
  stage.filter((instruction) => instruction.keyword === keyword).map(({ text }) => text);

Deno.test("the runtime image is distroless, non-root, and holds only the binary", async () => {
  const stages = await readStages();
  assert.equal(stages.length, 2);
  assert.deepEqual(lines(runtime, "FROM"), ["gcr.io/distroless/cc-debian12:nonroot"]);
  assert.deepEqual(lines(runtime, "COPY"), ["--from=build /src/app /app"], "only the binary");
  assert.deepEqual(lines(runtime, "ENTRYPOINT"), ['["/app"]']);
  assert.deepEqual(lines(runtime, "USER"), ["nonroot:nonroot"]);
  assert.ok(!stages.flat().some(({ keyword, text }) => keyword === "USER" && /^(root|0)\b/.test(text)));
});

Deno.test("the Deno image is the version CI and the team use", async () => {
  const pinned = /^denoland\/deno:(\S+) AS build$/.exec(lines(build, "FROM")[0])?.[1];
  const ci = await Deno.readTextFile(new URL(".ci/run", ROOT));
  assert.equal(pinned, /^DENO_VERSION=(\S+)$/m.exec(ci)?.[1]);
  assert.equal(pinned, Deno.version.deno, "the tests run the build stage with this deno");
});

Deno.test("the build context holds only what the build copies: never tls/ keys", async () => {
  const ignore = (await Deno.readTextFile(new URL(".dockerignore", ROOT))).split("\n")
    .map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
  assert.equal(ignore[0], "*", "deny by default");
  const allowed = ignore.slice(1).map((line) => line.replace(/^!/, ""));
  const copied = lines(build, "COPY").flatMap((text) => text.split(/\s+/).slice(0, -1));
  assert.deepEqual(allowed.sort(), copied.sort());
  assert.ok(!allowed.some((path) => path.startsWith("tls") || path.startsWith(".")));
});

Deno.test("the Dockerfile's version step makes --version report the VERSION build argument", async (t) => {
  const beforeCompile = build.filter(({ keyword, text }) => !(keyword === "RUN" && text.includes("compile")));
  assert.equal(beforeCompile.length, build.length - 1);
  const env = { PATH: `${dirname(Deno.execPath())}:${Deno.env.get("PATH") ?? ""}`, NO_COLOR: "1" };
  const withVersion = async (version: string, check: (work: string, stderr: string) => Promise<void>) => {
    const work = await Deno.makeTempDir({ prefix: "docker-version-" });
    try {
      const result = await runBuildStage(beforeCompile, work, { ...env, VERSION: version });
      await check(work, result.failed ? result.output.at(-1)!.stderr : "");
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  };
  await t.step("a VERSION that is not one stops the build", () =>
    withVersion("latest", (_work, stderr) => {
      assert.match(stderr, /VERSION must look like 1\.2\.3, got "latest"/);
      return Promise.resolve();
    }));
  await t.step(
    "VERSION=2.0.0 changes only the version, and --version reports it",
    () =>
      withVersion("2.0.0", async (work, stderr) => {
        assert.equal(stderr, "");
        const config = JSON.parse(await Deno.readTextFile(join(work, "deno.json")));
        assert.deepEqual({ ...config, version: denoConfig.version }, denoConfig, "only the version changes");
        const out = await new Deno.Command(Deno.execPath(), {
          args: cliArgs(["--version"]),
          cwd: work,
          env,
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.equal(
          new TextDecoder().decode(out.stdout),
          "app 2.0.0\n",
          new TextDecoder().decode(out.stderr),
        );
      }),
  );
});

Deno.test("the image tag the manifests use is the version the image is built with by default", async () => {
  const defaultVersion = /^VERSION=(\S+)$/.exec(lines(build, "ARG")[0])?.[1];
  assert.equal(defaultVersion, denoConfig.version);
  const tags = new Set(
    podSources(await loadManifests()).flatMap(({ spec }) => appContainers(spec))
      .map((container) => splitImage(container.image).tag),
  );
  assert.deepEqual([...tags], [defaultVersion]);
});
