/**
 * `deno task frontend [-port PORT]`: the course's TLS frontend on this machine, from source, for
 * users without a cluster. Runs `auth` and `hello` as `deno task start` would, and the real nginx
 * with `nginx/frontend.conf` (only its marked lines changed, as the tests do) on
 * https://localhost:PORT, certificates from `tls/` (or a fresh `app certgen` in a temporary
 * directory); prints the curl lines to try and the services' logs. Ctrl-C stops everything.
 * @module
 */
import { join, relative } from "node:path";
import { cliArgs, runCli } from "../tests/support/app_process.ts";
import { findNginx, type Nginx, readRepoConf, renderConf, startNginx } from "../tests/support/nginx.ts";

const ROOT = new URL("../", import.meta.url);
const USAGE =
  "usage: deno task frontend [-port PORT]   (PORT: where nginx listens, default 8443; 0 picks one)";
const CERTS = ["ca.pem", "cert.pem", "key.pem"];

/** A service started for the frontend, its output forwarded with its name in front. */
interface Service {
  name: string;
  address: string;
  child: Deno.ChildProcess;
  status: Promise<Deno.CommandStatus>;
}

class UsageError extends Error {}

function parsePort(args: readonly string[]): number {
  let port = 8443;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].replace(/^--?/, "-").split(/=(.*)/s);
    if (flag === "-h" || flag === "-help") throw new UsageError("");
    if (flag !== "-port") throw new UsageError(`flag provided but not defined: ${args[i]}`);
    const value = inline ?? args[++i];
    port = Number(value);
    if (!/^\d+$/.test(value ?? "") || port > 65535) {
      throw new UsageError(`invalid value "${value ?? ""}" for flag -port: not a port number`);
    }
  }
  return port;
}

/** Writes each line of `stream` to `out` with `prefix`; calls `onLine` with every line. */
async function forward(
  stream: ReadableStream<Uint8Array>,
  out: { writeSync(bytes: Uint8Array): number },
  prefix: string,
  onLine: (line: string) => void = () => {},
): Promise<void> {
  const encoder = new TextEncoder();
  let rest = "";
  let writable = true;
  const write = (line: string) => {
    try {
      if (writable) out.writeSync(encoder.encode(`${prefix}${line}\n`));
    } catch {
      writable = false; // our own output is gone (a closed pipe): keep reading, stop writing
    }
  };
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    const lines = (rest + text).split("\n");
    rest = lines.pop()!;
    for (const line of lines) {
      write(line);
      onLine(line);
    }
  }
  if (rest) write(rest);
}

/**
 * Starts `app <mode>` on free loopback ports in a session of its own (a terminal's Ctrl-C reaches
 * only this script, which stops the services once), and resolves once it listens.
 */
async function startService(mode: string, secretFile: string): Promise<Service> {
  const args = [mode, "-http", "127.0.0.1:0", "-health", "127.0.0.1:0", "-secret-file", secretFile];
  const child = new Deno.Command(Deno.execPath(), {
    args: cliArgs(args),
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    detached: true,
  }).spawn();
  const prefix = `${mode.padEnd(5)} | `;
  let seen = "";
  let listening = () => {};
  const ready = new Promise<void>((resolve) => (listening = resolve));
  const output = Promise.all([
    forward(child.stdout, Deno.stdout, prefix),
    forward(child.stderr, Deno.stderr, prefix, (line) => {
      seen += `${line}\n`;
      if (/HTTP service listening on/.test(seen) && /Health service listening on/.test(seen)) listening();
    }),
  ]);
  const status = child.status;
  output.catch(() => {}); // an output error must not hide the exit
  const exited = status.then((s) =>
    Promise.reject(new Error(`${mode} exited with ${s.code} before listening`))
  );
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`${mode} did not start in 20 s`)), 20_000)
  );
  try {
    await Promise.race([ready, exited, timeout]);
  } catch (error) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
    throw error;
  }
  const address = /HTTP service listening on (\S+)/.exec(seen)![1];
  return { name: mode, address, child, status };
}

/** Where the user's shell should find `path`: relative to where they ran the task, when inside it. */
function shown(path: string): string {
  const from = Deno.env.get("INIT_CWD") ?? Deno.cwd();
  const rel = relative(from, path);
  return rel.startsWith("..") ? path : rel;
}

async function main(args: readonly string[]): Promise<number> {
  const port = parsePort(args);
  if (!(await findNginx())) {
    console.error("nginx is not installed (Debian: apt-get install -y nginx)");
    return 1;
  }
  if (port !== 0 && !portIsFree(port)) {
    console.error(`port ${port} is in use; pick another (-port 0 picks a free one)`);
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
    const repoTls = new URL("tls/", ROOT).pathname;
    const haveRepoTls = (await Promise.all(CERTS.map((name) => exists(join(repoTls, name))))).every(Boolean);
    const tlsDir = haveRepoTls ? repoTls : join(work, "tls");
    if (!haveRepoTls) {
      const certgen = await runCli(["certgen", "-out", tlsDir]);
      if (certgen.code !== 0) throw new Error(`app certgen failed: ${certgen.stderr.trim()}`);
    }
    const secretFile = join(work, "jwt-secret");
    const secret = Array.from(
      crypto.getRandomValues(new Uint8Array(32)),
      (b) => b.toString(16).padStart(2, "0"),
    );
    await Deno.writeTextFile(secretFile, secret.join(""), { mode: 0o600 });

    for (const mode of ["auth", "hello"]) {
      if (stopping) break;
      services.push(await startService(mode, secretFile));
    }
    if (!stopping) {
      const [auth, hello] = services;
      const conf = await readRepoConf("frontend.conf");
      nginx = await startNginx((listen) =>
        renderConf(conf, {
          listen: `127.0.0.1:${listen}`,
          upstreams: { auth: auth.address, hello: hello.address },
          tlsDir,
        }), { port: port === 0 ? undefined : port, detached: true }).catch((error) => {
          const inUse = /bind\(\) to \S+ failed \(98/.test(String(error));
          throw new Error(
            inUse ? `port ${port} is in use; pick another (-port 0 picks a free one)` : error,
          );
        });
      const url = `https://localhost:${nginx.port}`;
      console.log([
        "",
        `The course's TLS frontend: nginx with nginx/frontend.conf on ${url}`,
        `  /login, /auth/version  -> auth   ${auth.address}`,
        `  everything else        -> hello  ${hello.address}`,
        `  certificates from ${shown(tlsDir)}${haveRepoTls ? "" : " (a fresh app certgen, removed on exit)"}`,
        "",
        "Try, from another shell:",
        `  CA=${shown(join(tlsDir, "ca.pem"))}`,
        `  curl --cacert $CA ${url}/`,
        `  curl --cacert $CA ${url}/secure`,
        `  TOKEN=$(curl -s --cacert $CA -u user:password ${url}/login | jq -r .token)`,
        `  curl --cacert $CA -H "Authorization: Bearer $TOKEN" ${url}/secure`,
        `  curl --cacert $CA ${url}/version        # hello's version`,
        `  curl --cacert $CA ${url}/auth/version   # auth's version`,
        "",
        "Ctrl-C stops nginx, auth and hello.",
        "",
      ].join("\n"));
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

function kill(child: Deno.ChildProcess, signal: Deno.Signal): void {
  try {
    child.kill(signal);
  } catch {
    // already exited
  }
}

function portIsFree(port: number): boolean {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
    return true;
  } catch {
    return false;
  }
}

function exists(path: string): Promise<boolean> {
  return Deno.stat(path).then(() => true, () => false);
}

try {
  Deno.exit(await main(Deno.args));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  if (error.message) console.error(error.message);
  console.error(USAGE);
  Deno.exit(error.message ? 2 : 0);
}
