import assert from "node:assert/strict";
import { join } from "node:path";
import { VERSION } from "../../../src/util/version.ts";
import { type AppProcess, startApp } from "../../../scripts/lib/app_process.ts";
import { type Nginx, startNginx } from "../../../scripts/lib/nginx.ts";
import { frontendSite, startFrontend, upstreamOf, withFrontend } from "../../support/frontend.ts";
import { curl, fetchText, makeTlsFixture } from "../../support/tls_fixture.ts";
import { needs } from "../../../scripts/lib/tools.ts";
import { until } from "../../../scripts/lib/wait.ts";
import { assertIdsLogged, sendRequestIds } from "../../support/request_ids.ts";
import { basicAuth } from "../../support/credentials.ts";

const BASIC = basicAuth("user:password");

Deno.test(
  "nginx/frontend.conf in a real nginx routes /login and /auth/version to auth, the rest to hello, over verified TLS",
  needs("nginx", "curl"),
  () =>
    withFrontend(async ({ tls, nginx, auth, hello }) => {
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
      const authVersion = await fetchText(tls.client, `${base}/auth/version`);
      assert.equal(authVersion.status, 200, authVersion.body);
      assert.deepEqual(JSON.parse(authVersion.body), { version: VERSION });

      const ids = await sendRequestIds(tls.client, base, ["/version", "/login"]);

      await auth.stop();
      await hello.stop();
      // One id per request, the same in nginx's access log and in the service's.
      assertIdsLogged(ids, await nginx.accessLog(), auth.stdout() + hello.stdout());
      const requests = (app: AppProcess) => [...app.stdout().matchAll(/"GET (\S+) HTTP\/1\.1" (\d+) /g)];
      // The course's requests first (the request-id ones follow).
      assert.deepEqual(requests(auth).slice(0, 2).map(([, path, status]) => `${path} ${status}`), [
        "/login 200",
        "/version 200",
      ]);
      assert.deepEqual(requests(hello).slice(0, 3).map(([, path, status]) => `${path} ${status}`), [
        "/secure 401",
        "/secure 200",
        "/version 200",
      ]);
    }),
);

Deno.test(
  "nginx/frontend.conf speaks HTTP/2 to clients that offer it (ALPN), HTTP/1.1 to the others",
  needs("nginx", "curl"),
  () =>
    withFrontend(async ({ tls, nginx }) => {
      const base = `https://127.0.0.1:${nginx.port}`;
      const ca = ["--cacert", join(tls.dir, "ca.pem")];
      const get = (version: string, path: string, ...extra: string[]) =>
        curl([...ca, version, ...extra, "-w", "\n%{http_version} %{http_code}", `${base}${path}`]);
      const login = await get("--http2", "/login", "-u", "user:password");
      assert.equal(login.code, 0, login.stderr);
      const at = login.stdout.lastIndexOf("\n");
      const [body, status] = [login.stdout.slice(0, at), login.stdout.slice(at + 1)];
      assert.equal(status, "2 200", "curl --http2 negotiates HTTP/2");
      const { token } = JSON.parse(body);
      const secure = await get("--http2", "/secure", "-H", `Authorization: Bearer ${token}`);
      assert.match(secure.stdout, /^\{"message":"Hello"\}\n?\n2 200$/);
      const old = await get("--http1.1", "/", "-o", "/dev/null");
      assert.equal(old.stdout, "\n1.1 200", "HTTP/1.1 clients still served");
    }),
);

Deno.test(
  "nginx/frontend.conf serves TLS 1.2 and 1.3 only, with a certificate for the in-cluster names",
  needs("nginx", "curl"),
  async () => {
    const tls = await makeTlsFixture();
    const hello = await startApp("hello", ["-secret", "frontend-test-secret"]);
    let nginx: Nginx | undefined;
    try {
      const upstream = upstreamOf(hello);
      nginx = await startFrontend({ auth: upstream, hello: upstream }, tls.dir);
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
  },
);

Deno.test(
  "nginx/frontend.conf forwards Host, X-Forwarded-For and X-Forwarded-Proto upstream",
  needs("nginx", "curl"),
  async () => {
    const tls = await makeTlsFixture();
    // An upstream that answers with the headers nginx sent it: what the services would receive.
    const seen: Record<string, string>[] = [];
    const upstream = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
      seen.push(Object.fromEntries(request.headers));
      return new Response("ok");
    });
    let nginx: Nginx | undefined;
    try {
      const address = `127.0.0.1:${upstream.addr.port}`;
      nginx = await startFrontend({ auth: address, hello: address }, tls.dir);
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
  },
);

/** A copy of the app's source whose deno.json says `version`: what a new image of it would run. */
async function checkoutAtVersion(version: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: `app-${version}-` });
  const root = new URL("../../../", import.meta.url);
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", root)));
  await Deno.writeTextFile(join(dir, "deno.json"), JSON.stringify({ ...config, version }, null, 2));
  for (const file of ["deno.lock", "main.ts"]) await Deno.copyFile(new URL(file, root), join(dir, file));
  const copy = async (relative: string): Promise<void> => {
    await Deno.mkdir(join(dir, relative), { recursive: true });
    for await (const entry of Deno.readDir(new URL(`${relative}/`, root))) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory) await copy(path);
      else await Deno.copyFile(new URL(path, root), join(dir, path));
    }
  };
  for (const folder of ["src", "routes"]) await copy(folder);
  return dir;
}

Deno.test(
  "the course's rolling update of auth to 2.0.0 shows as /auth/version through the frontend",
  needs("nginx", "curl"),
  async () => {
    const tls = await makeTlsFixture();
    const next = await checkoutAtVersion("2.0.0");
    const apps: AppProcess[] = [];
    let nginx: Nginx | undefined;
    try {
      const secret = ["-secret", "frontend-test-secret"];
      const hello = await startApp("hello", secret);
      // Drains as the manifests' pods do: still serving while nginx moves to the new pod.
      const oldAuth = await startApp("auth", [...secret, "-drain", "2s"]);
      apps.push(hello, oldAuth);
      const site = (auth: AppProcess) =>
        frontendSite({ auth: upstreamOf(auth), hello: upstreamOf(hello) }, tls.dir);
      nginx = await startNginx(await site(oldAuth));
      const base = `https://127.0.0.1:${nginx.port}`;
      // A new client (connection) per step: after a reload, nginx's old worker still serves the
      // connections it had, with the old upstreams, until they close.
      const versionAt = async (path: string) => {
        const client = Deno.createHttpClient({ caCerts: [tls.caPem] });
        try {
          const response = await fetchText(client, `${base}${path}`);
          assert.equal(response.status, 200, `${path}: ${response.body}`);
          return JSON.parse(response.body);
        } finally {
          client.close();
        }
      };
      assert.deepEqual(await versionAt("/auth/version"), { version: VERSION });

      // The Deployment's new pod (the 2.0.0 image) becomes ready, nginx moves to it, the old pod
      // gets SIGTERM and drains. Every answer meanwhile is one version or the other, never an error.
      const newAuth = await startApp("auth", secret, {}, next);
      apps.push(newAuth);
      await nginx.reload((await site(newAuth))(nginx.port));
      oldAuth.child.kill("SIGTERM");
      const seen = new Set<string>();
      await until("nginx to route auth to the new pod", async () => {
        seen.add((await versionAt("/auth/version")).version);
        return seen.has("2.0.0");
      }, { everyMs: 50, detail: () => `auth's versions through the frontend: ${[...seen]}` });
      assert.deepEqual([...seen].filter((version) => version !== VERSION && version !== "2.0.0"), []);
      assert.equal((await oldAuth.status).code, 0, "the old pod drained and exited cleanly");
      assert.deepEqual(await versionAt("/auth/version"), { version: "2.0.0" });
      assert.deepEqual(await versionAt("/version"), { version: VERSION }, "hello was not rolled");
    } finally {
      await nginx?.stop();
      await Promise.all(apps.map((app) => app.stop()));
      await Deno.remove(next, { recursive: true });
      await tls.cleanup();
    }
  },
);
