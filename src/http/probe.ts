/**
 * A one-shot HTTP probe: does a URL answer 2xx in time? What `app healthcheck` runs.
 * @module
 */
import { formatDuration } from "../util/duration.ts";
import { firstLine } from "../util/error_text.ts";
import { httpGet, HttpTimeout } from "./http_get.ts";

/**
 * GETs `url` (with `get`, injectable for tests); resolves `undefined` for a 2xx answer within
 * `timeoutMs`, else why not, in one line.
 */
export async function checkHealth(
  url: string,
  timeoutMs: number,
  get: typeof httpGet = httpGet,
): Promise<string | undefined> {
  try {
    const { status } = await get(url, { timeoutMs, withBody: false });
    if (status >= 200 && status < 300) return undefined;
    return `${url} answered ${status}`;
  } catch (error) {
    if (error instanceof HttpTimeout) return `${url} did not answer within ${formatDuration(timeoutMs)}`;
    return `${url}: ${firstLine(error)}`;
  }
}
