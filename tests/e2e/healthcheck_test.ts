import assert from "node:assert/strict";
import { UsageError } from "../../src/cli/flags.ts";
import { parseHealthcheckArgs } from "../../src/cli/commands/healthcheck.ts";
import { runCli, startApp } from "../../scripts/lib/app_process.ts";
import { readStages } from "../support/dockerfile.ts";

const noEnv = () => undefined;
const envOf = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("healthcheck: what it asks, and how long it waits", async (t) => {
  const cases: [string, string[], Record<string, string>, string, number][] = [
    ["the default health address, through loopback", [], {}, "http://127.0.0.1:8081/readiness", 2000],
    ["APP_HEALTH, port only", [], { APP_HEALTH: ":9091" }, "http://127.0.0.1:9091/readiness", 2000],
    ["APP_HEALTH, IPv6 any", [], { APP_HEALTH: "[::]:9091" }, "http://[::1]:9091/readiness", 2000],
    ["APP_HEALTH, one interface", [], { APP_HEALTH: "10.1.2.3:81" }, "http://10.1.2.3:81/readiness", 2000],
    ["APP_HEALTH empty: the default", [], { APP_HEALTH: "" }, "http://127.0.0.1:8081/readiness", 2000],
    [
      "-url and -timeout win",
      ["-url", "http://127.0.0.1:5/healthz", "-timeout=500ms"],
      { APP_HEALTH: ":9091" },
      "http://127.0.0.1:5/healthz",
      500,
    ],
    ["https, Go's --flag=value", ["--url=https://localhost:8443/"], {}, "https://localhost:8443/", 2000],
  ];
  for (const [name, args, env, url, timeoutMs] of cases) {
    await t.step(name, () => {
      assert.deepEqual(parseHealthcheckArgs(args, envOf(env)), { help: false, url, timeoutMs });
    });
  }
  await t.step("-help", () => assert.deepEqual(parseHealthcheckArgs(["-help"], noEnv), { help: true }));
});

Deno.test("healthcheck: usage mistakes are one line naming the problem", async (t) => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [
      ["-url", "ftp://host/"],
      {},
      /^invalid value "ftp:\/\/host\/" for -url: want an http:\/\/ or https:\/\/ URL$/,
    ],
    [["-url", "localhost:8081"], {}, /for -url: want an http/],
    [["-timeout", "0"], {}, /^invalid value "0" for -timeout: want a duration/],
    [["-timeout", "soon"], {}, /^invalid value "soon" for -timeout/],
    [["-timeout", "597h"], {}, /at most 596h/],
    [["-url"], {}, /^flag needs an argument: -url$/],
    [["-bogus"], {}, /^flag provided but not defined: -bogus$/],
    [["readiness"], {}, /^unexpected argument: "readiness"$/],
    [[], { APP_HEALTH: "8081" }, /^invalid health address \(from APP_HEALTH\): address "8081": missing port/],
    [[], { APP_HEALTH: "127.0.0.1:0" }, /port 0, picked at start: give -url$/],
  ];
  for (const [args, env, message] of cases) {
    await t.step(`${args.join(" ")} ${JSON.stringify(env)}`, () => {
      assert.throws(() => parseHealthcheckArgs(args, envOf(env)), (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

/** The image's `HEALTHCHECK ... CMD ["/app", ...]`: the arguments it gives the binary. */
async function imageHealthcheckArgs(): Promise<string[]> {
  const [, runtime] = await readStages();
  const text = runtime.find(({ keyword }) => keyword === "HEALTHCHECK")?.text ?? "";
  const command = JSON.parse(/\bCMD (\[.*\])$/.exec(text)?.[1] ?? "null");
  assert.ok(Array.isArray(command) && command[0] === "/app", `HEALTHCHECK ${text}`);
  return command.slice(1);
}

Deno.test("healthcheck against a live service: ready 0, unready 1, stopped 1", async () => {
  const app = await startApp("hello");
  const readiness = `${app.healthUrl}/readiness`;
  // The image's HEALTHCHECK, in a container whose health address is APP_HEALTH.
  const image = await imageHealthcheckArgs();
  const container = { APP_HEALTH: `127.0.0.1:${new URL(app.healthUrl).port}` };
  try {
    const ready = await runCli(["healthcheck", "-url", readiness]);
    assert.deepEqual(ready, { code: 0, stdout: "", stderr: "" });
    assert.deepEqual(await runCli(image, container), { code: 0, stdout: "", stderr: "" });

    const toggle = await fetch(`${app.healthUrl}/readiness/status`);
    await toggle.body?.cancel();
    const unready = await runCli(image, container);
    assert.deepEqual(unready, {
      code: 1,
      stdout: "",
      stderr: `app healthcheck: ${readiness} answered 503\n`,
    });
  } finally {
    await app.stop();
  }
  const stopped = await runCli(["healthcheck", "-url", readiness]);
  assert.equal(stopped.code, 1);
  assert.match(stopped.stderr, new RegExp(`^app healthcheck: ${readiness}: Connection refused.*\\n$`));
});

Deno.test("healthcheck: a server that never answers fails after -timeout", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) held.push(conn); // read nothing, answer nothing
  })();
  try {
    const url = `http://127.0.0.1:${listener.addr.port}/readiness`;
    const result = await runCli(["healthcheck", "-url", url, "-timeout", "300ms"]);
    assert.deepEqual(result, {
      code: 1,
      stdout: "",
      stderr: `app healthcheck: ${url} did not answer within 300ms\n`,
    });
  } finally {
    listener.close();
    await accepting.catch(() => {});
    for (const conn of held) conn.close();
  }
});

Deno.test("healthcheck: -help, and usage mistakes exit 2 with the usage", async () => {
  const help = await runCli(["healthcheck", "-help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: app healthcheck \[flags\]/);
  assert.match(help.stdout, /-url URL[\s\S]*-timeout DURATION/);

  const bad = await runCli(["healthcheck", "-timeout", "never"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, "");
  assert.match(
    bad.stderr,
    /^app healthcheck: invalid value "never" for -timeout[^\n]*\n\nUsage: app healthcheck/,
  );

  const top = await runCli(["--help"]);
  assert.match(top.stdout, /^ {7}app healthcheck \[flags\]$/m);
});
