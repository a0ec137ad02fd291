/**
 * A real nginx on loopback running the project's nginx/frontend.conf, for rolling-restart tests:
 * a throw-away CA and server certificate from `openssl`, a temp prefix, and a rendered copy of
 * the config in which only the lines marked `# @listen`, `# @upstream` and `# @tls-file` change.
 * @module
 */

const ROOT = new URL("../../", import.meta.url);

async function run(command: string, args: string[], cwd?: string): Promise<void> {
  const { code, stderr } = await new Deno.Command(command, { args, cwd, stdout: "null", stderr: "piped" })
    .output();
  if (code !== 0) throw new Error(`${command} ${args.join(" ")}: ${new TextDecoder().decode(stderr)}`);
}

/** Writes `ca.pem`, `cert.pem` and `key.pem` (for 127.0.0.1 and localhost) into `dir`. */
export async function makeTestCertificates(dir: string): Promise<void> {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await run("openssl", [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "1",
    "-subj",
    "/CN=rolling test CA",
  ], dir);
  await run(
    "openssl",
    ["req", ...ec, "-keyout", "key.pem", "-out", "server.csr", "-subj", "/CN=localhost"],
    dir,
  );
  await Deno.writeTextFile(
    `${dir}/server.ext`,
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
  );
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "cert.pem",
    "-days",
    "1",
    "-extfile",
    "server.ext",
  ], dir);
}

/** What to substitute into nginx/frontend.conf. */
export interface FrontendSubstitutions {
  port: number;
  /** Addresses (`127.0.0.1:PORT`) for each upstream block, by upstream name. */
  upstreams: Record<string, string[]>;
  tlsDir: string;
}

/** Renders the repository's nginx/frontend.conf with loopback addresses and temp TLS files. */
export function renderFrontend(conf: string, subs: FrontendSubstitutions): string {
  let upstream = "";
  return conf.split("\n").map((line) => {
    upstream = /^\s*upstream\s+(\S+)\s*\{/.exec(line)?.[1] ?? upstream;
    if (line.endsWith("# @listen")) return `    listen 127.0.0.1:${subs.port} ssl; # @listen`;
    if (line.endsWith("# @upstream")) {
      const addresses = subs.upstreams[upstream];
      if (!addresses) throw new Error(`no addresses given for upstream ${upstream}`);
      return addresses.map((address) => `    server ${address}; # @upstream`).join("\n");
    }
    if (line.endsWith("# @tls-file")) return line.replace(/\/etc\/tls\//, `${subs.tlsDir}/`);
    return line;
  }).join("\n");
}

/** A running nginx. */
export interface Nginx {
  port: number;
  /** Replaces the frontend config and reloads gracefully (SIGHUP), as a config change would. */
  reload(frontend: string): Promise<void>;
  /** nginx's error log so far. */
  errors(): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function waitForPort(port: number, child: Deno.ChildProcess, timeoutMs = 10_000): Promise<void> {
  const start = performance.now();
  let exited = false;
  child.status.then(() => (exited = true));
  while (performance.now() - start < timeoutMs && !exited) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  throw new Error(`nginx did not listen on ${port}`);
}

/** Starts nginx (foreground, temp prefix) with `render(port)` as its frontend config. */
export async function startNginx(prefix: string, render: (port: number) => string): Promise<Nginx> {
  const port = freePort();
  const frontend = `${prefix}/frontend.conf`;
  await Deno.writeTextFile(frontend, render(port));
  await Deno.writeTextFile(
    `${prefix}/nginx.conf`,
    `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log notice;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  include ${frontend};
}
`,
  );
  const child = new Deno.Command("nginx", {
    args: ["-p", prefix, "-c", `${prefix}/nginx.conf`, "-e", `${prefix}/error.log`, "-g", "daemon off;"],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  try {
    await waitForPort(port, child);
  } catch (error) {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    throw new Error(
      `${error}: ${await stderr}${await Deno.readTextFile(`${prefix}/error.log`).catch(() => "")}`,
    );
  }
  const errors = () => Deno.readTextFile(`${prefix}/error.log`).catch(() => "");
  return {
    port,
    async reload(conf) {
      const reloads = (log: string) => log.split("reconfiguring").length - 1;
      const before = reloads(await errors());
      await Deno.writeTextFile(frontend, conf);
      child.kill("SIGHUP");
      // The new configuration serves once the master has started a worker after reconfiguring.
      const start = performance.now();
      while (performance.now() - start < 5_000) {
        const log = await errors();
        if (reloads(log) > before && /start worker process/.test(log.split("reconfiguring").at(-1)!)) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error("nginx did not reload within 5 s");
    },
    errors,
    async stop() {
      try {
        child.kill("SIGQUIT");
      } catch { /* gone */ }
      const timer = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* gone */ }
      }, 5_000);
      await child.status;
      clearTimeout(timer);
      await stderr;
    },
  };
}

/** The repository's nginx/frontend.conf. */
export function readFrontendConf(): Promise<string> {
  return Deno.readTextFile(new URL("nginx/frontend.conf", ROOT));
}
