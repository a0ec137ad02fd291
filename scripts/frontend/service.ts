/**
 * One of the frontend's services (`auth`, `hello`): `app <mode>` from source on loopback, its
 * output forwarded with its name in front.
 * @module
 */
import { join } from "node:path";
import { cliArgs, LAUNCHER } from "../lib/app_process.ts";
import { forward } from "./forward.ts";

/** A service started for the frontend, its output forwarded with its name in front. */
export interface Service {
  name: string;
  address: string;
  child: Deno.ChildProcess;
  status: Promise<Deno.CommandStatus>;
}

/** Writes a fresh random JWT secret, for the services to share, to `dir`; returns its path. */
export async function writeSecret(dir: string): Promise<string> {
  const secretFile = join(dir, "jwt-secret");
  const secret = Array.from(
    crypto.getRandomValues(new Uint8Array(32)),
    (b) => b.toString(16).padStart(2, "0"),
  );
  await Deno.writeTextFile(secretFile, secret.join(""), { mode: 0o600 });
  return secretFile;
}

/**
 * Starts `app <mode>` from the repository at `root` on free loopback ports in a session of its
 * own (a terminal's Ctrl-C reaches only the script, which stops the services once), and resolves
 * once it listens.
 */
export async function startService(mode: string, secretFile: string, root: URL): Promise<Service> {
  const args = [mode, "-http", "127.0.0.1:0", "-health", "127.0.0.1:0", "-secret-file", secretFile];
  // As the start task runs it: SIGUSR1 must not open Deno's inspector.
  const argv = [...LAUNCHER, Deno.execPath(), ...cliArgs(args)];
  const child = new Deno.Command(argv[0], {
    args: argv.slice(1),
    cwd: root,
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
    kill(child, "SIGKILL");
    throw error;
  }
  const address = /HTTP service listening on (\S+)/.exec(seen)![1];
  return { name: mode, address, child, status };
}

/** Sends `signal` to `child`, unless it has already exited. */
export function kill(child: Deno.ChildProcess, signal: Deno.Signal): void {
  try {
    child.kill(signal);
  } catch {
    // already exited
  }
}
