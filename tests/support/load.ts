/**
 * Bounded load loops for lifecycle tests: workers that send requests until told to stop and
 * count every answer, every unexpected answer and every connection error.
 * @module
 */
import { statusOf, until } from "../../scripts/lib/wait.ts";

/** One request a worker sends and the bodies it may legitimately get back (status 200). */
export interface Call {
  path: string;
  headers?: Record<string, string>;
  /** Accepts the body of a 200 answer. */
  expect(body: string): boolean;
}

/** What a load run saw. */
export interface LoadReport {
  sent: number;
  ok: number;
  /** Answers with a status other than 200 or an unexpected body. */
  failed: number;
  /** Fetch rejections: refused, reset, closed mid-answer. */
  errored: number;
  /** The first few failures and errors, for the assertion message. */
  samples: string[];
  /** Answers that carried `Connection: close`. */
  closing: number;
}

/** Workers sending `calls` round-robin to `target()` until `stop()` is called. */
export interface Load {
  report: LoadReport;
  /** Stops sending and resolves once every worker's last request has finished. */
  stop(): Promise<LoadReport>;
}

const KEEP = 5;

/**
 * Starts `workers` loops. Each sends one request at a time to `target()` (read before every
 * request, so a caller can move traffic between instances) until stopped or `maxRequests` in
 * all have been sent.
 */
export function startLoad(
  target: () => string,
  calls: readonly Call[],
  workers = 4,
  maxRequests = 50_000,
  client?: Deno.HttpClient,
): Load {
  const report: LoadReport = { sent: 0, ok: 0, failed: 0, errored: 0, samples: [], closing: 0 };
  const note = (text: string) => void (report.samples.length < KEEP && report.samples.push(text));
  let stopped = false;
  const loop = async (offset: number) => {
    for (let i = offset; !stopped && report.sent < maxRequests; i++) {
      const call = calls[i % calls.length];
      report.sent++;
      try {
        const response = await fetch(`${target()}${call.path}`, { headers: call.headers, client });
        const body = await response.text();
        if (response.headers.get("connection")?.toLowerCase() === "close") report.closing++;
        if (response.status === 200 && call.expect(body)) report.ok++;
        else {
          report.failed++;
          note(`${call.path}: ${response.status} ${body}`);
        }
      } catch (error) {
        report.errored++;
        note(`${call.path}: ${error}`);
      }
    }
  };
  const running = Promise.all(Array.from({ length: workers }, (_, i) => loop(i)));
  return {
    report,
    async stop() {
      stopped = true;
      await running;
      return report;
    },
  };
}

/**
 * Resolves after `ms` milliseconds. Kept for tests not yet converted: a new test waits for an
 * event instead ({@link waitForStatus}, `AppProcess.waitFor`, `until` in support/wait.ts).
 */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `url` every `everyMs` until it answers `status`; resolves the elapsed milliseconds. */
export async function waitForStatus(
  url: string,
  status: number,
  timeoutMs = 10_000,
  everyMs = 20,
): Promise<number> {
  const start = performance.now();
  await until(`${url} to answer ${status}`, async () => (await statusOf(url)) === status, {
    timeoutMs,
    everyMs,
  });
  return performance.now() - start;
}
