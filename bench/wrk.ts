/**
 * Runs `wrk` against a URL and parses the JSON line `report.lua` prints.
 * @module
 */

const REPORT_LUA = new URL("./report.lua", import.meta.url).pathname;

/** What one wrk run measured. */
export interface WrkResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  socketErrors: number;
}

/** How to drive load. */
export interface WrkOptions {
  seconds: number;
  connections: number;
  threads?: number;
  headers?: Record<string, string>;
  /** A Lua script replacing report.lua (it must `dofile(os.getenv("REPORT_LUA"))`). */
  script?: string;
  env?: Record<string, string>;
}

/** Runs wrk to completion; throws with its output if it fails or prints no result. */
export async function wrk(url: string, options: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${options.threads ?? 1}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "--timeout",
    "5s",
    "-s",
    options.script ?? REPORT_LUA,
  ];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push("-H", `${name}: ${value}`);
  args.push(url);
  const output = await new Deno.Command("wrk", {
    args,
    env: { REPORT_LUA, ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  const line = /^WRK_JSON (.*)$/m.exec(text)?.[1];
  if (!output.success || line === undefined) throw new Error(`wrk ${args.join(" ")} failed:\n${text}`);
  const raw = JSON.parse(line);
  return {
    requests: raw.requests,
    rps: raw.requests / (raw.duration_us / 1e6),
    p50Ms: raw.p50_us / 1000,
    p99Ms: raw.p99_us / 1000,
    maxMs: raw.max_us / 1000,
    non2xx: raw.non2xx,
    socketErrors: raw.socket_errors,
  };
}

/** Whether wrk is installed. */
export async function haveWrk(): Promise<boolean> {
  try {
    await new Deno.Command("wrk", { args: ["--version"], stdout: "null", stderr: "null" }).output();
    return true;
  } catch {
    return false;
  }
}
