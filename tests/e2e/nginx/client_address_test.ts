import assert from "node:assert/strict";
import { join } from "node:path";
import { startApp } from "../../../scripts/lib/app_process.ts";
import type { Nginx } from "../../../scripts/lib/nginx.ts";
import { startFrontend, upstreamOf } from "../../support/frontend.ts";
import { curl, makeTlsFixture } from "../../support/tls_fixture.ts";
import { needs } from "../../../scripts/lib/tools.ts";

Deno.test(
  "behind nginx/frontend.conf the limiter and the access log see the real client, not nginx and not a spoofed header",
  needs("nginx", "curl"),
  async () => {
    const tls = await makeTlsFixture();
    // nginx connects to the apps from 127.0.0.1; clients come from 127.0.0.2 and 127.0.0.3.
    const trusted = ["-secret", "frontend-client-test", "-trusted-proxies", "127.0.0.1/32"];
    const auth = await startApp("auth", [...trusted, "-login-failures", "2"]);
    const hello = await startApp("hello", trusted);
    let nginx: Nginx | undefined;
    try {
      nginx = await startFrontend({ auth: upstreamOf(auth), hello: upstreamOf(hello) }, tls.dir);
      const base = `https://127.0.0.1:${nginx.port}`;
      const from = async (client: string, path: string, extra: string[] = []) => {
        const result = await curl([
          "--interface",
          client,
          "--cacert",
          join(tls.dir, "ca.pem"),
          "-o",
          "/dev/null",
          "-w",
          "%{http_code}",
          ...extra,
          `${base}${path}`,
        ]);
        assert.equal(result.code, 0, result.stderr);
        return Number(result.stdout);
      };
      const spoof = ["-H", "X-Forwarded-For: 203.0.113.50", "-H", "X-Real-IP: 203.0.113.51"];
      assert.equal(await from("127.0.0.2", "/login", ["-u", "user:wrong-1", ...spoof]), 401);
      assert.equal(await from("127.0.0.2", "/login", ["-u", "user:wrong-2"]), 401);
      assert.equal(
        await from("127.0.0.2", "/login", ["-u", "user:password"]),
        429,
        "127.0.0.2 is over its limit",
      );
      assert.equal(
        await from("127.0.0.3", "/login", ["-u", "user:password"]),
        200,
        "127.0.0.3 is not: not keyed on nginx",
      );
      assert.equal(await from("127.0.0.2", "/", spoof), 200);
    } finally {
      await nginx?.stop();
      await auth.stop();
      await hello.stop();
      await tls.cleanup();
    }
    assert.match(auth.stdout(), /^127\.0\.0\.2 - - .*"GET \/login HTTP\/1\.1" 429/m);
    assert.match(auth.stdout(), /^127\.0\.0\.3 - - .*"GET \/login HTTP\/1\.1" 200/m);
    assert.match(hello.stdout(), /^127\.0\.0\.2 - - .*"GET \/ HTTP\/1\.1" 200/m);
    for (const log of [auth.stdout(), hello.stdout()]) {
      assert.doesNotMatch(
        log,
        /203\.0\.113|^127\.0\.0\.1/m,
        "a spoofed header or nginx's own address was logged",
      );
    }
  },
);
