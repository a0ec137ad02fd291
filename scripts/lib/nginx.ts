/**
 * Runs a real nginx (the Debian package) on loopback with one of the repo's configs, changing
 * only the lines marked `# @listen`, `# @upstream` and `# @tls-file`, and reloads it with a new
 * rendering (as a cluster would on a config or endpoint change).
 * @module
 */
import { join } from "node:path";
import { waitReady, watchDaemon } from "./daemon.ts";
import { freePort } from "./process.ts";
import { toolPath } from "./tools.ts";
import { accepts, until } from "./wait.ts";

const ROOT = new URL("../../", import.meta.url);

/** What to substitute in a config from `nginx/`. */
export interface NginxSubstitutions {
  /** Listen address for the `# @listen` line, e.g. `127.0.0.1:18443`. */
  listen: string;
  /**
   * Addresses per upstream block name for its `# @upstream` line, e.g. `{ auth: "127.0.0.1:9" }`;
   * several (`{ auth: ["127.0.0.1:9", "127.0.0.1:10"] }`) repeat the line once per address.
   */
  upstreams: Record<string, string | string[]>;
  /** Directory holding `cert.pem` and `key.pem`, replacing the `# @tls-file` paths' directory. */
  tlsDir: string;
}

/** Reads `nginx/NAME` from the repository. */
export function readRepoConf(name: string): Promise<string> {
  return Deno.readTextFile(new URL(`nginx/${name}`, ROOT));
}

/**
 * Rewrites the marked lines of a repo config; throws when a marker or upstream is missing, so a
 * renamed line fails loudly instead of leaving an in-cluster address in a loopback test.
 */
export function renderConf(text: string, subs: NginxSubstitutions): string {
  let block = "";
  const seen = { listen: 0, tls: 0, upstreams: new Set<string>() };
  const lines = text.split("\n").map((line) => {
    const opened = /^\s*upstream\s+(\S+)\s*\{/.exec(line);
    if (opened) block = opened[1];
    if (line.endsWith("# @listen")) {
      seen.listen++;
      return line.replace(/listen\s+\S+/, `listen ${subs.listen}`);
    }
    if (line.endsWith("# @upstream")) {
      const addresses = [subs.upstreams[block] ?? []].flat();
      if (addresses.length === 0) throw new Error(`no address given for upstream ${block}`);
      seen.upstreams.add(block);
      return addresses.map((address) => line.replace(/server\s+[^;\s]+/, `server ${address}`)).join("\n");
    }
    if (line.endsWith("# @tls-file")) {
      seen.tls++;
      return line.replace(/\s\/\S+\/([^/;]+);/, ` ${join(subs.tlsDir, "$1")};`);
    }
    return line;
  });
  const missing = Object.keys(subs.upstreams).filter((name) => !seen.upstreams.has(name));
  if (seen.listen !== 1 || seen.tls !== 2 || missing.length > 0) {
    throw new Error(`config markers not as expected: ${JSON.stringify({ ...seen, missing })}`);
  }
  return lines.join("\n");
}

/** The installed nginx executable, if there is one. */
export function findNginx(): string | undefined {
  return toolPath("nginx");
}

/** The nginx executable; tests that run it declare `needs("nginx")`, so it is there. */
function nginxPath(): string {
  const path = toolPath("nginx");
  if (path === undefined) throw new Error("nginx is not installed (.ci/run installs it)");
  return path;
}

/** A running nginx. */
export interface Nginx {
  /** The TLS port on 127.0.0.1. */
  port: number;
  /** Its stderr so far: the error log, `notice` level and up (start-up, reloads, upstream errors). */
  stderr(): string;
  /** The access log so far (the site's `# @access-log` line is pointed at it). */
  accessLog(): Promise<string>;
  /**
   * Replaces the site config and reloads gracefully (SIGHUP), as a config change in a cluster
   * would; resolves once a worker with the new config has started, rejects after 5 s.
   */
  reload(site: string): Promise<void>;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and removes its prefix directory. */
  stop(): Promise<void>;
  /** Resolves when nginx has exited, whoever stopped it. */
  status: Promise<Deno.CommandStatus>;
}

/** Options for {@link startNginx}. */
export interface NginxOptions {
  /** The TLS port on 127.0.0.1; a free one by default. */
  port?: number;
  /** Start nginx in a session of its own, so a terminal's Ctrl-C reaches only whoever stops it. */
  detached?: boolean;
}

/**
 * Runs nginx in the foreground with `site` (an http-context config such as `nginx/frontend.conf`
 * rendered by {@link renderConf}) in a temporary prefix; resolves once its TLS port accepts
 * connections, rejects with its stderr if it exits or 10 s pass. Without a given port, tries
 * another one when the free one it picked was taken meanwhile (other tests run here too).
 */
export async function startNginx(site: (port: number) => string, options: NginxOptions = {}): Promise<Nginx> {
  for (let attempt = 1;; attempt++) {
    try {
      return await startNginxOnce(site, options);
    } catch (error) {
      if (options.port !== undefined || attempt >= 3 || !/bind\(\) to .* failed/.test(String(error))) {
        throw error;
      }
    }
  }
}

async function startNginxOnce(site: (port: number) => string, options: NginxOptions): Promise<Nginx> {
  const binary = nginxPath();
  const prefix = await Deno.makeTempDir({ prefix: "nginx-test-" });
  const port = options.port ?? freePort();
  const accessLog = join(prefix, "access.log");
  // The site's own access_log line (marked `# @access-log`) writes to the prefix's file.
  const withLog = (text: string) =>
    text.split("\n").map((line) =>
      line.endsWith("# @access-log") ? line.replace(/access_log\s+\S+/, `access_log ${accessLog}`) : line
    ).join("\n");
  await Deno.writeTextFile(join(prefix, "site.conf"), withLog(site(port)));
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((name) => `    ${name}_temp_path ${join(prefix, name)};`).join("\n");
  await Deno.writeTextFile(
    join(prefix, "nginx.conf"),
    `daemon off;\nworker_processes 1;\npid ${join(prefix, "nginx.pid")};\nerror_log stderr notice;\n` +
      `events {\n    worker_connections 128;\n}\nhttp {\n    access_log ${join(prefix, "access.log")};\n` +
      `${temp}\n    include ${join(prefix, "site.conf")};\n}\n`,
  );
  const child = new Deno.Command(binary, {
    args: ["-p", prefix, "-c", join(prefix, "nginx.conf"), "-e", "stderr"],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    detached: options.detached ?? false,
  }).spawn();
  const daemon = watchDaemon(child, prefix);
  await waitReady(daemon, {
    ready: () => accepts(port),
    timeoutMs: 10_000,
    intervalMs: 50,
    exitedMessage: "nginx exited before listening",
    timeoutMessage: `nginx did not listen on ${port} in 10 s`,
  });
  const reload = async (conf: string) => {
    const reloads = () => daemon.stderr().split("reconfiguring").length - 1;
    const before = reloads();
    await Deno.writeTextFile(join(prefix, "site.conf"), withLog(conf));
    child.kill("SIGHUP");
    const reloaded = () =>
      reloads() > before && /start worker process/.test(daemon.stderr().split("reconfiguring").at(-1)!);
    await until("a worker with the new config", () => {
      if (daemon.exited()) throw new Error(`nginx exited while reloading:\n${daemon.stderr()}`);
      return reloaded();
    }, { timeoutMs: 5_000, everyMs: 10, detail: daemon.stderr });
  };
  const readAccessLog = () => Deno.readTextFile(accessLog).catch(() => "");
  const { stderr, stop, status } = daemon;
  return { port, stderr, accessLog: readAccessLog, reload, stop, status };
}
