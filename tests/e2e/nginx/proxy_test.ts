import assert from "node:assert/strict";
import { join } from "node:path";
import { VERSION } from "../../../src/util/version.ts";
import { startApp } from "../../../scripts/lib/app_process.ts";
import { readRepoConf, renderConf, startNginx } from "../../../scripts/lib/nginx.ts";
import { curl, fetchText, makeTlsFixture } from "../../support/tls_fixture.ts";
import { needs } from "../../../scripts/lib/tools.ts";
import { assertIdsLogged, sendRequestIds } from "../../support/request_ids.ts";
import { basicAuth } from "../../support/credentials.ts";

Deno.test(
  "nginx/proxy.conf in a real nginx puts verified TLS in front of the monolith",
  needs("nginx", "curl"),
  async () => {
    const tls = await makeTlsFixture();
    const secretFile = join(tls.dir, "jwt-secret");
    await Deno.writeTextFile(secretFile, "proxy-test-secret\n");
    const monolith = await startApp("monolith", ["-secret-file", secretFile]);
    let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
    try {
      const conf = await readRepoConf("proxy.conf");
      nginx = await startNginx((port) =>
        renderConf(conf, {
          listen: `127.0.0.1:${port}`,
          upstreams: { monolith: new URL(monolith.url).host },
          tlsDir: tls.dir,
        })
      );
      const base = `https://127.0.0.1:${nginx.port}`;

      // The course's check: curl --cacert tls/ca.pem https://127.0.0.1:10443
      const hello = await curl(["--cacert", join(tls.dir, "ca.pem"), `${base}/`]);
      assert.equal(hello.code, 0, hello.stderr);
      assert.deepEqual(JSON.parse(hello.stdout), { message: "Hello" });

      const denied = await fetchText(tls.client, `${base}/secure`);
      assert.equal(denied.status, 401);
      assert.equal(denied.body, "authorization failed\n");

      const login = await fetchText(tls.client, `${base}/login`, {
        Authorization: basicAuth("user:password"),
      });
      assert.equal(login.status, 200, login.body);
      const { token } = JSON.parse(login.body);

      const secure = await fetchText(tls.client, `${base}/secure`, { Authorization: `Bearer ${token}` });
      assert.equal(secure.status, 200, secure.body);
      assert.deepEqual(JSON.parse(secure.body), { message: "Hello" });

      const wrongPassword = await fetchText(tls.client, `${base}/login`, {
        Authorization: basicAuth("user:nope"),
      });
      assert.equal(wrongPassword.status, 401);

      const version = await fetchText(tls.client, `${base}/version`);
      assert.deepEqual(JSON.parse(version.body), { version: VERSION });

      const sidecarName = await curl([
        "--cacert",
        join(tls.dir, "ca.pem"),
        "--resolve",
        `monolith.default.svc.cluster.local:${nginx.port}:127.0.0.1`,
        `https://monolith.default.svc.cluster.local:${nginx.port}/version`,
      ]);
      assert.equal(sidecarName.code, 0, sidecarName.stderr);

      const ids = await sendRequestIds(tls.client, base, ["/", "/secure"]);
      await monolith.stop();
      // One id per request, the same in nginx's access log and in the monolith's.
      assertIdsLogged(ids, await nginx.accessLog(), monolith.stdout());
    } finally {
      await nginx?.stop();
      await monolith.stop();
      await tls.cleanup();
    }
    assert.match(monolith.stdout(), /"GET \/secure HTTP\/1\.1" 200 /);
  },
);
