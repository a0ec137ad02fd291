/**
 * The repo's `nginx/frontend.conf` in a real nginx on loopback, in front of whatever serves auth
 * and hello: the setup the frontend tests share.
 * @module
 */
import { join } from "node:path";
import { type AppProcess, startApp } from "../../scripts/lib/app_process.ts";
import { type Nginx, readRepoConf, renderConf, startNginx } from "../../scripts/lib/nginx.ts";
import { makeTlsFixture, type TlsFixture } from "./tls_fixture.ts";

/** Where frontend.conf's upstreams point: `host:port` each. */
export interface FrontendUpstreams {
  auth: string;
  hello: string;
}

/** The `host:port` an app serves on, as an upstream address. */
export function upstreamOf(app: { url: string }): string {
  return new URL(app.url).host;
}

/**
 * frontend.conf rendered for a port: listening on 127.0.0.1, routing to `upstreams`, serving the
 * certificate in `tlsDir`. For {@link startNginx} and `Nginx.reload`.
 */
export async function frontendSite(
  upstreams: FrontendUpstreams,
  tlsDir: string,
): Promise<(port: number) => string> {
  const conf = await readRepoConf("frontend.conf");
  return (port) => renderConf(conf, { listen: `127.0.0.1:${port}`, upstreams: { ...upstreams }, tlsDir });
}

/** Starts nginx with frontend.conf (see {@link frontendSite}). */
export async function startFrontend(upstreams: FrontendUpstreams, tlsDir: string): Promise<Nginx> {
  return startNginx(await frontendSite(upstreams, tlsDir));
}

/** What {@link withFrontend} runs against. */
export interface FrontendStack {
  tls: TlsFixture;
  nginx: Nginx;
  auth: AppProcess;
  hello: AppProcess;
}

/**
 * Runs `run` against auth and hello (one JWT secret, read from a file as the pods do; auth trusting
 * nginx's forwarded client addresses) behind
 * frontend.conf with a fresh TLS fixture; stops them all and removes the fixture afterwards.
 */
export async function withFrontend(run: (stack: FrontendStack) => Promise<void>): Promise<void> {
  const tls = await makeTlsFixture();
  const apps: AppProcess[] = [];
  let nginx: Nginx | undefined;
  try {
    const secretFile = join(tls.dir, "jwt-secret");
    await Deno.writeTextFile(secretFile, "frontend-test-secret\n");
    // As in k8s/auth-deployment.yaml, auth trusts where nginx connects from (here loopback): its
    // failed-login limit then counts each client behind nginx, not nginx itself.
    const auth = await startApp("auth", ["-secret-file", secretFile, "-trusted-proxies", "127.0.0.1/32"]);
    apps.push(auth);
    const hello = await startApp("hello", ["-secret-file", secretFile]);
    apps.push(hello);
    nginx = await startFrontend({ auth: upstreamOf(auth), hello: upstreamOf(hello) }, tls.dir);
    await run({ tls, nginx, auth, hello });
  } finally {
    await nginx?.stop();
    await Promise.all(apps.map((app) => app.stop()));
    await tls.cleanup();
  }
}
