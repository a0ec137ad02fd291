/**
 * One bcrypt worker, started on the first comparison so that modes which never check a password
 * (and idle processes) pay no memory for it, with a bounded queue of jobs in front of it.
 * @module
 */
import type { CompareJob } from "./bcrypt_worker.ts";
import { logLine } from "../server/log.ts";
import { type CompareHash, PasswordCheckUnavailable, type UnavailableReason } from "./password.ts";

/** Jobs queued or running at most: at ~70 ms each the last waits ~2.3 s; later ones do better retrying. */
export const MAX_JOBS = 32;

/** Options for {@link createBcryptWorkerClient}. */
export interface BcryptWorkerClientOptions {
  /** Jobs queued or running at most; {@link MAX_JOBS} by default. */
  maxJobs?: number;
  /** The worker module; `bcrypt_worker.ts` by default. */
  workerUrl?: URL;
  /** Where the one line about a dead worker goes; stderr by default. */
  warn?: (line: string) => void;
}

/** A bcrypt worker behind a bounded queue, with `close()` for shutdown. */
export interface BcryptWorkerClient {
  /** Resolves whether the password matches; rejects with {@link PasswordCheckUnavailable}. */
  compare: CompareHash;
  /** Terminates the worker; waiting and later comparisons reject as `closed`. */
  close(): void;
}

interface Waiting {
  resolve(ok: boolean): void;
  reject(error: PasswordCheckUnavailable): void;
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

  const failAll = (reason: UnavailableReason) => {
    worker?.terminate();
    worker = undefined;
    for (const job of waiting.values()) job.reject(new PasswordCheckUnavailable(reason));
    waiting.clear();
  };

  const start = (): Worker => {
    const started = new Worker(workerUrl, { type: "module" });
    started.onmessage = (event: MessageEvent<{ id: number; ok: boolean }>) => {
      const job = waiting.get(event.data.id);
      if (!job) return;
      waiting.delete(event.data.id);
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
        worker ??= start();
        const job: CompareJob = { id: nextId++, password, hash };
        waiting.set(job.id, { resolve, reject });
        worker.postMessage(job);
      });
    },
    close() {
      closed = true;
      failAll("closed");
    },
  };
}
