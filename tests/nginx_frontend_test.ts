import assert from "node:assert/strict";
import { join } from "node:path";
import { VERSION } from "../src/util/version.ts";
import { type AppProcess, startApp } from "./support/app_process.ts";
import { readRepoConf, renderConf, startNginx } from "./support/nginx.ts";
import { curl, fetchText, makeTlsFixture } from "./support/tls_fixture.ts";
import { assertIdsLogged, sendRequestIds } from "./support/request_ids.ts";

const BASIC = `Basic ${btoa("user:password")}`;

Deno.test("nginx/frontend.conf in a real nginx routes /login to auth and the rest to hello over verified TLS", async () => {
  const tls = await makeTlsFixture();
  const secretFile = join(tls.dir, "jwt-secret");
  await Deno.writeTextFile(secretFile, "frontend-test-secret\n");
  const apps: AppProcess[] = [];
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    const auth = await startApp("auth", ["-secret-file", secretFile]);
    apps.push(auth);
    const hello = await startApp("hello", ["-secret-file", secretFile]);
    apps.push(hello);
    const conf = await readRepoConf("frontend.conf");
    nginx = await startNginx((port) =>
      renderConf(conf, {
        listen: `127.0.0.1:${port}`,
        upstreams: { auth: new URL(auth.url).host, hello: new URL(hello.url).host },
        tlsDir: tls.dir,
      })
    );
    const base = `https://127.0.0.1:${nginx.port}`;

    const login = await fetchText(tls.client, `${base}/login`, { Authorization: BASIC });
    assert.equal(login.status, 200, login.body);
    const { token } = JSON.parse(login.body);
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);

    const denied = await fetchText(tls.client, `${base}/secure`);
    assert.equal(denied.status, 401);
    assert.equal(denied.body, "authorization failed\n");

    const secure = await fetchText(tls.client, `${base}/secure`, { Authorization: `Bearer ${token}` });
    assert.equal(secure.status, 200, secure.body);
    assert.deepEqual(JSON.parse(secure.body), { message: "Hello" });

    const version = await fetchText(tls.client, `${base}/version`);
    assert.deepEqual(JSON.parse(version.body), { version: VERSION });
    assert.equal(version.headers.get("server"), "nginx", "server_tokens off hides the version");

    const ids = await sendRequestIds(tls.client, base, ["/version", "/login"]);

    await auth.stop();
    await hello.stop();
    // One id per request, the same in nginx's access log and in the service's.
    assertIdsLogged(ids, await nginx.accessLog(), auth.stdout() + hello.stdout());
    assert.match(auth.stdout(), /"GET \/login HTTP\/1\.1" 200 /);
    assert.doesNotMatch(auth.stdout(), /\/secure|\/version/);
    assert.match(hello.stdout(), /"GET \/secure HTTP\/1\.1" 401 /);
    assert.match(hello.stdout(), /"GET \/version HTTP\/1\.1" 200 /);
    assert.doesNotMatch(hello.stdout(), /\/login/);
  } finally {
    await nginx?.stop();
    await Promise.all(apps.map((app) => app.stop()));
    await tls.cleanup();
  }
});

Deno.test("nginx/frontend.conf serves TLS 1.2 and 1.3 only, with a certificate for the in-cluster names", async () => {
  const tls = await makeTlsFixture();
  const hello = await startApp("hello", ["-secret", "frontend-test-secret"]);
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    const conf = await readRepoConf("frontend.conf");
    const upstream = new URL(hello.url).host;
    nginx = await startNginx((port) =>
      renderConf(conf, {
        listen: `127.0.0.1:${port}`,
        upstreams: { auth: upstream, hello: upstream },
        tlsDir: tls.dir,
      })
    );
    const ca = ["--cacert", join(tls.dir, "ca.pem")];
    for (const host of ["frontend", "frontend.default.svc.cluster.local", "www.example.com", "localhost"]) {
      const ok = await curl([
        ...ca,
        "--resolve",
        `${host}:${nginx.port}:127.0.0.1`,
        `https://${host}:${nginx.port}/`,
      ]);
      assert.equal(ok.code, 0, `${host}: ${ok.stderr}`);
      assert.deepEqual(JSON.parse(ok.stdout), { message: "Hello" });
    }
    const url = `https://127.0.0.1:${nginx.port}/`;
    for (const version of ["1.2", "1.3"]) {
      const ok = await curl([...ca, `--tlsv${version}`, "--tls-max", version, "-o", "/dev/null", url]);
      assert.equal(ok.code, 0, `TLS ${version}: ${ok.stderr}`);
    }
    const old = await curl([...ca, "--tlsv1.1", "--tls-max", "1.1", "-o", "/dev/null", url]);
    assert.notEqual(old.code, 0, "TLS 1.1 is refused");
    const untrusted = await curl(["-o", "/dev/null", url]);
    assert.notEqual(untrusted.code, 0, "without the course CA the certificate does not verify");
    assert.match(untrusted.stderr, /certificate/i);
  } finally {
    await nginx?.stop();
    await hello.stop();
    await tls.cleanup();
  }
});

Deno.test("nginx/frontend.conf forwards Host, X-Forwarded-For and X-Forwarded-Proto upstream", async () => {
  const tls = await makeTlsFixture();
  // An upstream that answers with the headers nginx sent it: what the services would receive.
  const seen: Record<string, string>[] = [];
  const upstream = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    seen.push(Object.fromEntries(request.headers));
    return new Response("ok");
  });
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    const conf = await readRepoConf("frontend.conf");
    const address = `127.0.0.1:${upstream.addr.port}`;
    nginx = await startNginx((port) =>
      renderConf(conf, {
        listen: `127.0.0.1:${port}`,
        upstreams: { auth: address, hello: address },
        tlsDir: tls.dir,
      })
    );
    const response = await curl([
      "--cacert",
      join(tls.dir, "ca.pem"),
      "--resolve",
      `www.example.com:${nginx.port}:127.0.0.1`,
      "-H",
      "X-Forwarded-For: 203.0.113.7",
      `https://www.example.com:${nginx.port}/login`,
    ]);
    assert.equal(response.code, 0, response.stderr);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]["host"], "www.example.com");
    assert.equal(seen[0]["x-forwarded-for"], "203.0.113.7, 127.0.0.1");
    assert.equal(seen[0]["x-forwarded-proto"], "https");
    assert.equal(seen[0]["x-real-ip"], "127.0.0.1");
  } finally {
    await nginx?.stop();
    await upstream.shutdown();
    await tls.cleanup();
  }
});
