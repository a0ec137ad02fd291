import assert from "node:assert/strict";
import { healthcheckUsage, readinessUrl, runHealthcheck } from "../../../../src/cli/commands/healthcheck.ts";
import { capturedIo } from "../../../support/io.ts";

/** Runs the command in-process; `answer` is what the probe says (undefined: healthy). */
async function healthcheck(args: string[], env: Record<string, string> = {}, answer?: string) {
  const probed: [string, number][] = [];
  const { io, out, err } = capturedIo(env);
  const code = await runHealthcheck(args, io, (url, timeoutMs) => {
    probed.push([url, timeoutMs]);
    return Promise.resolve(answer);
  });
  return { code, out: out(), err: err(), probed };
}

Deno.test("healthcheck command: exit 0 when the probe is happy, 1 with its one line when not", async (t) => {
  await t.step("healthy: 0, silent", async () => {
    const run = await healthcheck([]);
    assert.deepEqual([run.code, run.out, run.err], [0, "", ""]);
    assert.deepEqual(run.probed, [["http://127.0.0.1:8081/readiness", 2000]]);
  });
  await t.step("unhealthy: 1, why on stderr", async () => {
    const run = await healthcheck(["-timeout", "300ms"], {}, "http://127.0.0.1:8081/readiness answered 503");
    assert.equal(run.code, 1);
    assert.equal(run.out, "");
    assert.equal(run.err, "app healthcheck: http://127.0.0.1:8081/readiness answered 503\n");
    assert.deepEqual(run.probed, [["http://127.0.0.1:8081/readiness", 300]]);
  });
  await t.step("the address comes from APP_HEALTH when -url is not given", async () => {
    const run = await healthcheck([], { APP_HEALTH: "[::]:9091" });
    assert.deepEqual(run.probed, [["http://[::1]:9091/readiness", 2000]]);
  });
  await t.step("-url wins over APP_HEALTH", async () => {
    const run = await healthcheck(["-url=http://10.0.0.1:5/healthz"], { APP_HEALTH: ":9091" });
    assert.deepEqual(run.probed, [["http://10.0.0.1:5/healthz", 2000]]);
  });
});

Deno.test("healthcheck command: usage mistakes exit 2 with the usage on stderr, and probe nothing", async (t) => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ["an ftp URL", ["-url", "ftp://h/"], {}, /^app healthcheck: invalid value "ftp:\/\/h\/" for -url/],
    ["a zero timeout", ["-timeout", "0s"], {}, /^app healthcheck: invalid value "0s" for -timeout/],
    ["a negative timeout", ["-timeout", "-1s"], {}, /^app healthcheck: invalid value "-1s" for -timeout/],
    ["an unknown flag", ["-retries", "3"], {}, /^app healthcheck: flag provided but not defined: -retries/],
    ["a stray argument", ["now"], {}, /^app healthcheck: unexpected argument: "now"/],
    [
      "a bad APP_HEALTH",
      [],
      { APP_HEALTH: "nope" },
      /^app healthcheck: invalid health address \(from APP_HEALTH\)/,
    ],
    ["APP_HEALTH with port 0", [], { APP_HEALTH: ":0" }, /port 0, picked at start: give -url/],
  ];
  for (const [name, args, env, message] of cases) {
    await t.step(name, async () => {
      const run = await healthcheck(args, env);
      assert.equal(run.code, 2);
      assert.equal(run.out, "");
      assert.match(run.err, message);
      assert.ok(run.err.endsWith(healthcheckUsage()), "the usage follows the message");
      assert.deepEqual(run.probed, []);
    });
  }
});

Deno.test("healthcheck command: -help prints the usage on stdout and exits 0 without probing", async () => {
  for (const flag of ["-help", "-h", "--help"]) {
    const run = await healthcheck([flag]);
    assert.deepEqual([run.code, run.err, run.probed.length], [0, "", 0], flag);
    assert.equal(run.out, healthcheckUsage());
  }
});

Deno.test("healthcheck command: the readiness URL of a listen address, all-interfaces via loopback", async (t) => {
  const cases: [string, number, string][] = [
    ["0.0.0.0", 8081, "http://127.0.0.1:8081/readiness"],
    ["::", 8081, "http://[::1]:8081/readiness"],
    ["10.1.2.3", 81, "http://10.1.2.3:81/readiness"],
    ["fe80::1", 9000, "http://[fe80::1]:9000/readiness"],
    ["localhost", 65535, "http://localhost:65535/readiness"],
  ];
  for (const [hostname, port, url] of cases) {
    await t.step(`${hostname} ${port}`, () => assert.equal(readinessUrl({ hostname, port }), url));
  }
});
