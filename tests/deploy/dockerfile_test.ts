import assert from "node:assert/strict";
import { join } from "node:path";
import denoConfig from "../../deno.json" with { type: "json" };
import { cliArgs } from "../support/app_process.ts";
import { loadManifests, podSources } from "../support/k8s.ts";

const ROOT = new URL("../../", import.meta.url);
const dockerfile = (await Deno.readTextFile(new URL("Dockerfile", ROOT))).replace(/\\\n/g, "");
const lines = dockerfile.split("\n").map((line) => line.trim()).filter((line) =>
  line && !line.startsWith("#")
);
const stages = lines.join("\n").split(/^(?=FROM )/m);

Deno.test("the image builds with the compile task, whose permissions are the ones the tests run with", () => {
  const compile = denoConfig.tasks.compile.split(/\s+/);
  assert.equal(compile.slice(0, 2).join(" "), "deno compile");
  const permissionFlags = (args: string[]) =>
    args.filter((arg) => /^-P=|^--permission-set|^--allow-|^-A$/.test(arg));
  assert.deepEqual(permissionFlags(compile), ["-P=app"], "compile task: the app permission set only");
  assert.deepEqual(permissionFlags(cliArgs([])), ["-P=app"], "tests: the same permission set");
  assert.deepEqual(permissionFlags(denoConfig.tasks.start.split(/\s+/)), ["-P=app"], "start task: the same");
  assert.equal(compile.at(-1), "main.ts");
  assert.ok(cliArgs([]).includes("main.ts"), "tests run the same entry point");
  assert.ok(compile.includes("src/auth/bcrypt_worker.ts"), "the worker module is embedded");

  const [build, runtime] = stages;
  assert.match(build, /^FROM denoland\/deno:\d+\.\d+\.\d+ AS build$/m, "official Deno image, pinned");
  assert.match(build, /^RUN deno task compile$/m);
  assert.ok(build.indexOf("ARG VERSION") < build.indexOf("deno eval"), "version set from the build argument");
  assert.ok(build.indexOf("deno eval") < build.indexOf("deno task compile"), "before compiling");
  assert.match(runtime, /^FROM gcr\.io\/distroless\/cc-debian12:nonroot$/m);
  assert.deepEqual(runtime.match(/^COPY .*$/gm), ["COPY --from=build /src/app /app"], "only the binary");
  assert.match(runtime, /^ENTRYPOINT \["\/app"\]$/m);
  assert.doesNotMatch(dockerfile, /^\s*USER\s+(root|0)\b/m);
  assert.equal(stages.length, 2);
});

Deno.test("the Deno image is the version CI and the team use", async () => {
  const pinned = /^FROM denoland\/deno:(\S+) AS build$/m.exec(dockerfile)?.[1];
  const ci = await Deno.readTextFile(new URL(".ci/run", ROOT));
  assert.equal(pinned, /^DENO_VERSION=(\S+)$/m.exec(ci)?.[1]);
});

Deno.test("the build context holds only what the build copies: never tls/ keys", async () => {
  const ignore = (await Deno.readTextFile(new URL(".dockerignore", ROOT))).split("\n")
    .map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
  assert.equal(ignore[0], "*", "deny by default");
  const allowed = ignore.slice(1).map((line) => line.replace(/^!/, ""));
  const copied = lines.filter((line) => /^COPY (?!--from)/.test(line))
    .flatMap((line) => line.split(/\s+/).slice(1, -1).map((path) => path.replace(/\/$/, "")));
  assert.deepEqual(allowed.sort(), copied.sort());
  assert.ok(!allowed.some((path) => path.startsWith("tls") || path.startsWith(".")));
});

/** Copies the directory `from` to `to`, folders and files. */
async function copyTree(from: URL, to: string): Promise<void> {
  await Deno.mkdir(to);
  for await (const entry of Deno.readDir(from)) {
    if (entry.isDirectory) await copyTree(new URL(`${entry.name}/`, from), join(to, entry.name));
    else await Deno.copyFile(new URL(entry.name, from), join(to, entry.name));
  }
}

Deno.test("the Dockerfile's version step makes --version report the VERSION build argument", async () => {
  const code = /^RUN deno eval '(.*)'$/m.exec(dockerfile)?.[1];
  assert.ok(code, "the version step");
  const work = await Deno.makeTempDir({ prefix: "docker-version-" });
  try {
    // The build stage's /src: the files the Dockerfile copies.
    await Deno.copyFile(new URL("deno.json", ROOT), join(work, "deno.json"));
    await Deno.copyFile(new URL("deno.lock", ROOT), join(work, "deno.lock"));
    await Deno.copyFile(new URL("main.ts", ROOT), join(work, "main.ts"));
    for (const dir of ["src", "routes"]) await copyTree(new URL(`${dir}/`, ROOT), join(work, dir));
    const run = async (args: string[], env: Record<string, string> = {}) => {
      const out = await new Deno.Command(Deno.execPath(), {
        args,
        cwd: work,
        env: { NO_COLOR: "1", ...env },
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(60_000),
      }).output();
      const decoder = new TextDecoder();
      return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
    };
    const bad = await run(["eval", code], { VERSION: "latest" });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /VERSION must look like 1\.2\.3, got "latest"/);

    const set = await run(["eval", code], { VERSION: "2.0.0" });
    assert.equal(set.code, 0, set.stderr);
    const config = JSON.parse(await Deno.readTextFile(join(work, "deno.json")));
    assert.deepEqual({ ...config, version: denoConfig.version }, denoConfig, "only the version changes");
    const version = await run(cliArgs(["--version"]));
    assert.equal(version.stdout, "app 2.0.0\n", version.stderr);
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});

Deno.test("the image tag the manifests use is the version the image is built with by default", async () => {
  const defaultVersion = /^ARG VERSION=(\S+)$/m.exec(dockerfile)?.[1];
  assert.equal(defaultVersion, denoConfig.version);
  const tags = new Set(
    podSources(await loadManifests()).flatMap(({ spec }) => spec.containers)
      .filter((container) => container.image.includes("/app:")).map((container) =>
        container.image.split(":")[1]
      ),
  );
  assert.deepEqual([...tags], [defaultVersion]);
});
