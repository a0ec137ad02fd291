/**
 * `deno task frontend [-port PORT]`: the course's TLS frontend on this machine, from source, for
 * users without a cluster. Runs `auth` and `hello` as `deno task start` would, and the real nginx
 * with `nginx/frontend.conf` (only its marked lines changed, as the tests do) on
 * https://localhost:PORT, certificates from `tls/` (or a fresh `app certgen` in a temporary
 * directory); prints the curl lines to try and the services' logs. Ctrl-C stops everything.
 * @module
 */
import { findNginx, type Nginx } from "./lib/nginx.ts";
import { parsePort, USAGE, UsageError } from "./frontend/args.ts";
import { banner } from "./frontend/banner.ts";
import { portInUse, portIsFree, startFrontend } from "./frontend/nginx.ts";
import { kill, type Service, startService, writeSecret } from "./frontend/service.ts";
import { chooseTls } from "./frontend/tls.ts";

const ROOT = new URL("../", import.meta.url);

async function main(args: readonly string[]): Promise<number> {
  const port = parsePort(args);
  if (!(await findNginx())) {
    console.error("nginx is not installed (Debian: apt-get install -y nginx)");
    return 1;
  }
  if (port !== 0 && !portIsFree(port)) {
    console.error(portInUse(port));
    return 1;
  }
  const work = await Deno.makeTempDir({ prefix: "local-frontend-" });
  const services: Service[] = [];
  let nginx: Nginx | undefined;
  let stopping = false;
  let firstSignalAt = 0;
  let wake = () => {};
  const stopRequested = new Promise<void>((resolve) => (wake = resolve));
  const onSignal = () => {
    // `deno task` forwards the terminal's Ctrl-C again, within milliseconds: one keypress, one stop.
    // A second Ctrl-C a moment later stops at once.
    if (stopping && Date.now() - firstSignalAt > 1_000) {
      for (const service of services) kill(service.child, "SIGKILL");
      Deno.exit(130);
    }
    if (!stopping) firstSignalAt = Date.now();
    stopping = true;
    wake();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, onSignal);
  try {
    const tls = await chooseTls(ROOT, work);
    const secretFile = await writeSecret(work);
    for (const mode of ["auth", "hello"]) {
      if (stopping) break;
      services.push(await startService(mode, secretFile, ROOT));
    }
    if (!stopping) {
      const [auth, hello] = services;
      nginx = await startFrontend(port, auth, hello, tls.dir);
      console.log(banner(`https://localhost:${nginx.port}`, auth, hello, tls));
      const died = Promise.race([
        ...services.map((service) => service.status.then(() => service.name)),
        nginx.status.then(() => `nginx (${nginx!.stderr().trim().split("\n").at(-1)})`),
      ]);
      const ended = await Promise.race([stopRequested.then(() => undefined), died]);
      if (ended && !stopping) throw new Error(`${ended} exited on its own; stopping the frontend`);
    }
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    stopping = true;
    firstSignalAt ||= Date.now();
    await nginx?.stop();
    for (const service of services) kill(service.child, "SIGTERM");
    await Promise.all(services.map((service) => service.status));
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}

try {
  Deno.exit(await main(Deno.args));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  if (error.message) console.error(error.message);
  console.error(USAGE);
  Deno.exit(error.message ? 2 : 0);
}
