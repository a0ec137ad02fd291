import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import denoConfig from "../../deno.json" with { type: "json" };
import { cliArgs, startApp } from "../../scripts/lib/app_process.ts";
import { readDockerfile, readStages, runBuildStage } from "../support/dockerfile.ts";
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
  const pinned = /^--platform=\$BUILDPLATFORM denoland\/deno:(\S+) AS build$/.exec(lines(build, "FROM")[0])
    ?.[1];
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

Deno.test("the Dockerfile's version step makes --version, /version and app_info report the VERSION build argument", async (t) => {
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
  await t.step(
    "VERSION=2.0.0: a running app reports it on /version and in app_info",
    () =>
      withVersion("2.0.0", async (work, stderr) => {
        assert.equal(stderr, "");
        const app = await startApp("monolith", [], {}, work);
        try {
          assert.deepEqual(await (await fetch(`${app.url}/version`)).json(), { version: "2.0.0" });
          const metrics = await (await fetch(`${app.healthUrl}/metrics`)).text();
          assert.match(metrics, /^app_info\{version="2\.0\.0",mode="monolith",deno="[^"]+"\} 1$/m);
        } finally {
          await app.stop();
        }
      }),
  );
});

Deno.test("the build stage runs on the builder's platform and compiles for the one being built", () => {
  // Without --platform on FROM, buildx would run the build stage under emulation for each platform.
  assert.match(lines(build, "FROM")[0], /^--platform=\$BUILDPLATFORM /);
  assert.ok(lines(build, "ARG").includes("TARGETARCH"), "the build stage declares TARGETARCH");
  const compile = lines(build, "RUN").filter((text) => text.includes("compile"));
  assert.deepEqual(compile, ['deno task compile --platform "linux/$TARGETARCH" --output app']);
  // The runtime stage takes the platform being built (distroless publishes amd64 and arm64).
  assert.doesNotMatch(lines(runtime, "FROM")[0], /--platform/);
});

Deno.test("the image's OCI labels carry the version /version reports, the revision and the source", async () => {
  const { globals } = await readDockerfile();
  const globalArgs = Object.fromEntries(
    globals.filter(({ keyword }) => keyword === "ARG").map(({ text }) => text.split(/=(.*)/s, 2)),
  );
  assert.equal(globalArgs.VERSION, denoConfig.version, "the default VERSION is deno.json's");
  assert.deepEqual(Object.keys(globalArgs).sort(), ["REVISION", "SOURCE", "VERSION"]);
  // One ARG feeds both stages: the build stage writes it into deno.json (/version, --version, app_info).
  assert.ok(lines(build, "ARG").includes(`VERSION=${denoConfig.version}`));
  for (const name of ["VERSION", "REVISION", "SOURCE"]) {
    assert.ok(
      lines(runtime, "ARG").includes(`${name}=${globalArgs[name]}`),
      `the runtime stage declares ${name}`,
    );
  }
  const labels = Object.fromEntries(
    lines(runtime, "LABEL").join(" ").matchAll(/(\S+)="([^"]*)"/g).map(([, key, value]) => [key, value]),
  );
  assert.deepEqual(labels, {
    "org.opencontainers.image.version": "$VERSION",
    "org.opencontainers.image.revision": "$REVISION",
    "org.opencontainers.image.source": "$SOURCE",
    "org.opencontainers.image.title": "app",
  });
});

Deno.test("the image tag the manifests use is the version the image is built with by default", async () => {
  const defaultVersion = lines(build, "ARG").map((text) => /^VERSION=(\S+)$/.exec(text)?.[1]).find(Boolean);
  assert.equal(defaultVersion, denoConfig.version);
  const tags = new Set(
    podSources(await loadManifests()).flatMap(({ spec }) => appContainers(spec))
      .map((container) => splitImage(container.image).tag),
  );
  assert.deepEqual([...tags], [defaultVersion]);
});
