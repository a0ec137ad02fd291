/**
 * A fair queue in front of the password checks: logins wait per client and the client served
 * longest ago goes next (round robin), and when the queue is full a client holding fewer places than the busiest one takes the
 * busiest one's newest waiting place. One client (or one proxy in front of everyone) may use the
 * whole queue while alone; a client flooding `/login` cannot keep another one out.
 * @module
 */
import { MAX_JOBS } from "./bcrypt_worker_client.ts";
import { PasswordCheckUnavailable } from "./password.ts";

/** Checks handed to the bcrypt worker at once: it runs them one after another; two keep it busy. */
export const RUNNING = 2;

/** Runs each client's password checks in its turn. */
export interface ClientShare {
  /**
   * Runs `task` for `client` when its turn comes; rejects with {@link PasswordCheckUnavailable}
   * (`busy`) when the queue is full and `client` already has its share, or when a client with
   * fewer places took this one's.
   */
  run<T>(client: string, task: () => Promise<T>): Promise<T>;
}

/** Options for {@link createClientShare}. */
export interface ClientShareOptions {
  /** Logins waiting or running at most ({@link MAX_JOBS}). */
  capacity?: number;
  /** Logins running at once ({@link RUNNING}). */
  running?: number;
}

interface Job {
  start(): void;
  refuse(): void;
}

/** Creates the fair queue. */
export function createClientShare(options: ClientShareOptions = {}): ClientShare {
  const capacity = options.capacity ?? MAX_JOBS;
  const maxRunning = options.running ?? RUNNING;
  const waiting = new Map<string, Job[]>();
  const held = new Map<string, number>(); // places per client, waiting or running
  const lastStart = new Map<string, number>(); // when each client's last check started (a tick)
  let tick = 0;
  let total = 0;
  let running = 0;

  const release = (client: string) => {
    const left = held.get(client)! - 1;
    if (left === 0) {
      held.delete(client);
      lastStart.delete(client);
    } else held.set(client, left);
    total--;
  };
  const pump = () => {
    while (running < maxRunning && waiting.size > 0) {
      let client: string | undefined;
      for (const other of waiting.keys()) {
        if (client === undefined || (lastStart.get(other) ?? -1) < (lastStart.get(client) ?? -1)) {
          client = other;
        }
      }
      if (client === undefined) break;
      const jobs = waiting.get(client)!;
      const job = jobs.shift()!;
      if (jobs.length === 0) waiting.delete(client);
      lastStart.set(client, tick++);
      running++;
      job.start();
    }
  };
  /** Makes room for `client` by refusing the busiest client's newest waiting login, if it holds more. */
  const displace = (client: string): boolean => {
    let busiest: string | undefined;
    for (const other of waiting.keys()) {
      if (busiest === undefined || held.get(other)! > held.get(busiest)!) busiest = other;
    }
    if (busiest === undefined || held.get(busiest)! <= (held.get(client) ?? 0) + 1) return false;
    const jobs = waiting.get(busiest)!;
    const job = jobs.pop()!;
    if (jobs.length === 0) waiting.delete(busiest);
    release(busiest);
    job.refuse();
    return true;
  };

  return {
    run(client, task) {
      if (total >= capacity && !displace(client)) {
        return Promise.reject(new PasswordCheckUnavailable("busy"));
      }
      total++;
      held.set(client, (held.get(client) ?? 0) + 1);
      return new Promise((resolve, reject) => {
        const job: Job = {
          start: () => {
            task().then(resolve, reject).finally(() => {
              running--;
              release(client);
              pump();
            });
          },
          refuse: () => reject(new PasswordCheckUnavailable("busy")),
        };
        const jobs = waiting.get(client);
        if (jobs) jobs.push(job);
        else waiting.set(client, [job]);
        pump();
      });
    },
  };
}
