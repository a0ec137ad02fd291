/**
 * A fresh CA and server certificate from the real `app certgen`, and HTTPS clients that trust
 * only that CA.
 * @module
 */
import { join } from "node:path";
import { runCli } from "../../scripts/lib/app_process.ts";

/** Certificates in a temporary directory. */
export interface TlsFixture {
  dir: string;
  caPem: string;
  /** A fetch client that verifies servers against `ca.pem` only. */
  client: Deno.HttpClient;
  /** Closes the client and removes the directory. */
  cleanup(): Promise<void>;
}

/** Runs `app certgen -out TMP` and builds a client trusting its CA. */
export async function makeTlsFixture(): Promise<TlsFixture> {
  const dir = await Deno.makeTempDir({ prefix: "tls-fixture-" });
  const result = await runCli(["certgen", "-out", dir]);
  if (result.code !== 0) throw new Error(`app certgen failed:\n${result.stderr}`);
  const caPem = await Deno.readTextFile(join(dir, "ca.pem"));
  const client = Deno.createHttpClient({ caCerts: [caPem] });
  return {
    dir,
    caPem,
    client,
    async cleanup() {
      client.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** `fetch` through `client`, bounded to 10 s, returning status, headers and body text. */
export async function fetchText(
  client: Deno.HttpClient,
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: string }> {
  const response = await fetch(url, { client, headers, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Runs curl (for what fetch cannot do: pinning a name to 127.0.0.1, choosing TLS versions). */
export async function curl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command("curl", {
    args: ["--silent", "--show-error", "--max-time", "10", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}
