/**
 * One bcrypt worker, started on the first comparison so that modes which never check a password
 * (and idle processes) pay no memory for it, with a bounded queue of jobs in front of it.
 * @module
 */
import type { CompareJob } from "./bcrypt_worker.ts";
import { logLine } from "../server/log.ts";
import { descriptorsAvailable } from "../util/descriptors.ts";
import { type CompareHash, PasswordCheckUnavailable, type UnavailableReason } from "./password.ts";

/** Jobs queued or running at most: at ~70 ms each the last waits ~2.3 s; later ones do better retrying. */
export const MAX_JOBS = 32;

/** Options for {@link createBcryptWorkerClient}. */
export interface BcryptWorkerClientOptions {
  /** Jobs queued or running at most; {@link MAX_JOBS} by default. */
  maxJobs?: number;
  /** The worker module; `bcrypt_worker.ts` by default. */
  workerUrl?: URL;
  /** Where the one line about a dead or stuck worker goes; stderr by default. */
  warn?: (line: string) => void;
  /**
   * Longest one comparison may take from being handed to the worker ({@link DEADLINE_MS} by
   * default): past it the worker is terminated (bcrypt cannot be interrupted otherwise), that
   * comparison rejects as `timeout` and the others go to a new worker.
   */
  deadlineMs?: number;
  /**
   * Whether a worker may be started now; by default, while at least {@link WORKER_DESCRIPTORS}
   * file descriptors are left. When not, the comparison rejects as `busy` (the login answers 503).
   */
  mayStart?: () => boolean;
}

/**
 * Descriptors a worker needs to start, with margin (it opens ~8: its event loop's). Deno panics and
 * ends the whole process when a worker's runtime cannot get them, so none is started with fewer left.
 */
export const WORKER_DESCRIPTORS = 32;

/** Default {@link BcryptWorkerClientOptions.deadlineMs}: ample for two cost-14 checks on a busy core. */
export const DEADLINE_MS = 10_000;

/** A bcrypt worker behind a bounded queue, with `close()` for shutdown. */
export interface BcryptWorkerClient {
  /** Resolves whether the password matches; rejects with {@link PasswordCheckUnavailable}. */
  compare: CompareHash;
  /** Terminates the worker; waiting and later comparisons reject as `closed`. */
  close(): void;
}

interface Waiting {
  job: CompareJob;
  resolve(ok: boolean): void;
  reject(error: PasswordCheckUnavailable): void;
  timer?: ReturnType<typeof setTimeout>;
}

/** Creates the client; the worker starts on the first comparison and again after it dies. */
export function createBcryptWorkerClient(options: BcryptWorkerClientOptions = {}): BcryptWorkerClient {
  const maxJobs = options.maxJobs ?? MAX_JOBS;
  const workerUrl = options.workerUrl ?? new URL("./bcrypt_worker.ts", import.meta.url);
  const warn = options.warn ?? ((line: string) => logLine(line, "error"));
  const waiting = new Map<number, Waiting>();
  let worker: Worker | undefined;
  let closed = false;
  let nextId = 1;

  const deadlineMs = options.deadlineMs ?? DEADLINE_MS;
  const mayStart = options.mayStart ?? (() => descriptorsAvailable(WORKER_DESCRIPTORS) !== false);
  let refusedStart = false;

  const failAll = (reason: UnavailableReason) => {
    worker?.terminate();
    worker = undefined;
    for (const job of waiting.values()) {
      clearTimeout(job.timer);
      job.reject(new PasswordCheckUnavailable(reason));
    }
    waiting.clear();
  };
  const post = (entry: Waiting) => {
    if (worker === undefined) {
      if (!mayStart()) {
        waiting.delete(entry.job.id);
        // One line until a worker starts again, not one per login.
        if (!refusedStart) {
          warn("bcrypt worker not started: too few file descriptors left; logins answer 503");
        }
        refusedStart = true;
        entry.reject(new PasswordCheckUnavailable("busy"));
        return;
      }
      refusedStart = false;
      worker = start();
    }
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => overdue(entry), deadlineMs);
    worker.postMessage(entry.job);
  };
  /** A comparison past its deadline: only a new worker frees the queue behind it. */
  const overdue = (entry: Waiting) => {
    if (waiting.get(entry.job.id) !== entry) return;
    waiting.delete(entry.job.id);
    worker?.terminate();
    worker = undefined;
    warn(
      `bcrypt comparison still running after ${deadlineMs} ms: worker replaced, that login answered 503; ` +
        `${waiting.size} other(s) handed to the new worker`,
    );
    entry.reject(new PasswordCheckUnavailable("timeout"));
    for (const other of waiting.values()) post(other);
  };

  const start = (): Worker => {
    const started = new Worker(workerUrl, { type: "module" });
    started.onmessage = (event: MessageEvent<{ id: number; ok: boolean }>) => {
      const job = waiting.get(event.data.id);
      if (!job || started !== worker) return;
      waiting.delete(event.data.id);
      clearTimeout(job.timer);
      job.resolve(event.data.ok === true);
    };
    started.onerror = (event: ErrorEvent) => {
      event.preventDefault(); // handled here: without this the error would end the whole process
      if (started !== worker) return;
      warn(
        `bcrypt worker failed (${event.message}); ${waiting.size} login(s) answered 503; the next login starts a new worker`,
      );
      failAll("crashed");
    };
    return started;
  };

  return {
    compare(password, hash) {
      if (closed) return Promise.reject(new PasswordCheckUnavailable("closed"));
      if (waiting.size >= maxJobs) return Promise.reject(new PasswordCheckUnavailable("busy"));
      return new Promise((resolve, reject) => {
        const entry: Waiting = { job: { id: nextId++, password, hash }, resolve, reject };
        waiting.set(entry.job.id, entry);
        post(entry);
      });
    },
    close() {
      closed = true;
      failAll("closed");
    },
  };
}
