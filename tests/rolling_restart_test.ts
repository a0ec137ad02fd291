import assert from "node:assert/strict";
import { VERSION } from "../src/version.ts";
import { type AppProcess, startApp } from "./support/app_process.ts";
import { type Call, sleep, startLoad, waitForStatus } from "./support/load.ts";
import {
  makeTestCertificates,
  type Nginx,
  readFrontendConf,
  renderFrontend,
  startNginx,
} from "./support/rolling_nginx.ts";

const HELLO = '{"message":"Hello"}\n';
const DRAIN = "1s";
/** How long the "endpoint controller" takes to take a terminating instance out of nginx. */
const PROPAGATION_MS = 300;

type Mode = "auth" | "hello";

Deno.test("rolling restart of auth and hello, two instances each behind nginx/frontend.conf: zero client errors", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rolling-" });
  const conf = await readFrontendConf();
  const fleet: Record<Mode, AppProcess[]> = { auth: [], hello: [] };
  const started: AppProcess[] = [];
  let nginx: Nginx | undefined;
  let load: ReturnType<typeof startLoad> | undefined;
  let tls: Deno.HttpClient | undefined;
  try {
    await makeTestCertificates(dir);
    await Deno.writeTextFile(`${dir}/jwt-secret`, "rolling-restart-secret\n");
    const launch = async (mode: Mode) => {
      const app = await startApp(mode, ["-secret-file", `${dir}/jwt-secret`, "-drain", DRAIN]);
      started.push(app);
      await waitForStatus(`${app.healthUrl}/readiness`, 200);
      return app;
    };
    for (const mode of ["auth", "hello", "auth", "hello"] as const) fleet[mode].push(await launch(mode));
    const render = (port: number) =>
      renderFrontend(conf, {
        port,
        upstreams: {
          auth: fleet.auth.map((app) => new URL(app.url).host),
          hello: fleet.hello.map((app) => new URL(app.url).host),
        },
        tlsDir: dir,
      });
    nginx = await startNginx(dir, render);
    const base = `https://127.0.0.1:${nginx.port}`;
    tls = Deno.createHttpClient({ caCerts: [await Deno.readTextFile(`${dir}/ca.pem`)] });

    const login = await fetch(`${base}/login`, {
      client: tls,
      headers: { Authorization: `Basic ${btoa("user:password")}` },
    });
    const { token } = await login.json();
    const calls: Call[] = [
      { path: "/", expect: (body) => body === HELLO },
      { path: "/secure", headers: { Authorization: `Bearer ${token}` }, expect: (body) => body === HELLO },
      { path: "/version", expect: (body) => body === `${JSON.stringify({ version: VERSION })}\n` },
      {
        path: "/login",
        headers: { Authorization: `Basic ${btoa("user:password")}` },
        expect: (body) => /^\{"token":"[\w-]+\.[\w-]+\.[\w-]+"\}\n$/.test(body),
      },
    ];
    load = startLoad(() => base, calls, 4, 50_000, tls);
    await sleep(300);

    // The way a Deployment rolls (maxSurge 1, maxUnavailable 0): start a new pod, wait until it
    // is ready and in the endpoints, then terminate an old one; the endpoint controller drops
    // the old pod from the endpoints shortly after the SIGTERM, while it drains.
    const rolled: { mode: Mode; code: number; served: number }[] = [];
    for (const mode of ["hello", "auth"] as const) {
      for (let i = 0; i < 2; i++) {
        const old = fleet[mode][0];
        const fresh = await launch(mode);
        fleet[mode].push(fresh);
        await nginx.reload(render(nginx.port));
        await sleep(200);
        old.child.kill("SIGTERM");
        await sleep(PROPAGATION_MS);
        fleet[mode] = fleet[mode].filter((app) => app !== old);
        await nginx.reload(render(nginx.port));
        const status = await old.status;
        rolled.push({ mode, code: status.code, served: old.stdout().split("\n").length - 1 });
      }
    }
    await sleep(300);
    const report = await load.stop();
    load = undefined;

    const upstreamErrors = (await nginx.errors()).split("\n").filter((line) =>
      /\[(error|crit|alert|emerg)\]/.test(line)
    );
    console.log(
      `rolling restart: ${report.sent} requests through 4 restarts, ${
        report.failed + report.errored
      } failures, ` +
        `${upstreamErrors.length} nginx upstream errors; old instances served ${
          rolled.map((r) => r.served).join(", ")
        }`,
    );
    assert.equal(report.failed, 0, report.samples.join("\n"));
    assert.equal(report.errored, 0, report.samples.join("\n"));
    assert.ok(report.ok > 100, `only ${report.ok} requests went through`);
    assert.deepEqual(rolled.map((r) => r.code), [0, 0, 0, 0], "an old instance did not exit 0");
    assert.ok(rolled.every((r) => r.served > 0), "an instance served nothing: nginx did not spread the load");
    assert.deepEqual(upstreamErrors, [], "nginx hit a closed or failing instance");
  } finally {
    await load?.stop();
    tls?.close();
    await nginx?.stop();
    await Promise.all(started.map((app) => app.stop("SIGKILL")));
    await Deno.remove(dir, { recursive: true });
  }
});
