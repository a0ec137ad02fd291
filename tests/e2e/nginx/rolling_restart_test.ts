import assert from "node:assert/strict";
import { join } from "node:path";
import { VERSION } from "../../../src/util/version.ts";
import { type AppProcess, startApp } from "../../../scripts/lib/app_process.ts";
import { basicHeaders } from "../../support/credentials.ts";
import { type Call, startLoad, waitForStatus } from "../../support/load.ts";
import { type Nginx, readRepoConf, renderConf, startNginx } from "../../../scripts/lib/nginx.ts";
import { makeTlsFixture, type TlsFixture } from "../../support/tls_fixture.ts";
import { needs } from "../../../scripts/lib/tools.ts";
import { until } from "../../../scripts/lib/wait.ts";

const HELLO = '{"message":"Hello"}\n';
// Longer than the propagation below plus an nginx reload on a loaded 2-core machine (old workers
// finish their requests with the old upstreams): 1 s left too little margin there.
const DRAIN = "2s";

type Mode = "auth" | "hello";

Deno.test(
  "rolling restart of auth and hello, two instances each behind nginx/frontend.conf: zero client errors",
  needs("nginx"),
  async () => {
    const conf = await readRepoConf("frontend.conf");
    const fleet: Record<Mode, AppProcess[]> = { auth: [], hello: [] };
    const started: AppProcess[] = [];
    let nginx: Nginx | undefined;
    let load: ReturnType<typeof startLoad> | undefined;
    let tls: TlsFixture | undefined;
    try {
      tls = await makeTlsFixture();
      const secretFile = join(tls.dir, "jwt-secret");
      await Deno.writeTextFile(secretFile, "rolling-restart-secret\n");
      const launch = async (mode: Mode) => {
        const app = await startApp(mode, ["-secret-file", secretFile, "-drain", DRAIN]);
        started.push(app);
        await waitForStatus(`${app.healthUrl}/readiness`, 200);
        return app;
      };
      for (const mode of ["auth", "hello", "auth", "hello"] as const) fleet[mode].push(await launch(mode));
      const tlsDir = tls.dir;
      const render = (port: number) =>
        renderConf(conf, {
          listen: `127.0.0.1:${port}`,
          upstreams: {
            auth: fleet.auth.map((app) => new URL(app.url).host),
            hello: fleet.hello.map((app) => new URL(app.url).host),
          },
          tlsDir,
        });
      nginx = await startNginx(render);
      const base = `https://127.0.0.1:${nginx.port}`;

      const login = await fetch(`${base}/login`, {
        client: tls.client,
        headers: basicHeaders("user:password"),
      });
      const { token } = await login.json();
      const calls: Call[] = [
        { path: "/", expect: (body) => body === HELLO },
        { path: "/secure", headers: { Authorization: `Bearer ${token}` }, expect: (body) => body === HELLO },
        { path: "/version", expect: (body) => body === `${JSON.stringify({ version: VERSION })}\n` },
        {
          path: "/login",
          headers: basicHeaders("user:password"),
          expect: (body) => /^\{"token":"[\w-]+\.[\w-]+\.[\w-]+"\}\n$/.test(body),
        },
      ];
      load = startLoad(() => base, calls, 4, 50_000, tls.client);
      const running = load;
      // Progress, not time: the load is flowing before the first instance is replaced.
      const flowing = async (more: number) => {
        const from = running.report.ok;
        await until(`${more} more requests served`, () => running.report.ok >= from + more, {
          detail: () => running.report.samples.join("\n"),
        });
      };
      await flowing(20);

      // The way a Deployment rolls (maxSurge 1, maxUnavailable 0): start a new pod, wait until it
      // is ready and in the endpoints, then terminate an old one; the endpoint controller drops
      // the old pod from the endpoints shortly after the SIGTERM, while it drains: here, once the old
      // instance has served a request during its drain, as it would until the endpoints caught up.
      const rolled: { mode: Mode; code: number; served: number }[] = [];
      for (const mode of ["hello", "auth"] as const) {
        for (let i = 0; i < 2; i++) {
          const old = fleet[mode][0];
          const fresh = await launch(mode);
          fleet[mode].push(fresh);
          await nginx.reload(render(nginx.port));
          await fresh.waitFor("stdout", (log) => log.includes(" HTTP/1.1"));
          old.child.kill("SIGTERM");
          await old.waitFor("stderr", "Draining for");
          const servedBefore = old.stdout().length;
          await old.waitFor("stdout", (log) => log.length > servedBefore);
          fleet[mode] = fleet[mode].filter((app) => app !== old);
          await nginx.reload(render(nginx.port));
          const status = await old.status;
          rolled.push({ mode, code: status.code, served: old.stdout().split("\n").length - 1 });
        }
      }
      await flowing(20);
      const report = await load.stop();
      load = undefined;

      const upstreamErrors = nginx.stderr().split("\n").filter((line) =>
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
      assert.ok(
        rolled.every((r) => r.served > 0),
        "an instance served nothing: nginx did not spread the load",
      );
      assert.deepEqual(upstreamErrors, [], "nginx hit a closed or failing instance");
    } finally {
      await load?.stop();
      await nginx?.stop();
      await Promise.all(started.map((app) => app.stop("SIGKILL")));
      await tls?.cleanup();
    }
  },
);
