/**
 * A one-shot HTTP probe: does a URL answer 2xx in time? What `app healthcheck` runs.
 * @module
 */
import { formatDuration } from "../util/duration.ts";
import { firstLine } from "../util/error_text.ts";

/** GETs `url`; resolves `undefined` for a 2xx answer within `timeoutMs`, else why not, in one line. */
export async function checkHealth(url: string, timeoutMs: number): Promise<string | undefined> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { signal, redirect: "manual" });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return undefined;
    return `${url} answered ${response.status}`;
  } catch (error) {
    if (signal.aborted) return `${url} did not answer within ${formatDuration(timeoutMs)}`;
    return `${url}: ${fetchFailure(error)}`;
  }
}

/** Deno's fetch errors say "fetch failed" and put the reason, nested, in their cause: keep the reason. */
function fetchFailure(error: unknown): string {
  const detail = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const text = firstLine(detail).replace(/^error sending request for url \([^)]*\): /, "");
  return /(?:tcp connect error|dns error): (.+)$/.exec(text)?.[1] ?? text;
}
