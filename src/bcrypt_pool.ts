/**
 * A small pool of bcrypt workers, started on first use so that modes which never check a
 * password (and idle processes) pay no memory for them.
 * @module
 */
import type { CompareJob } from "./bcrypt_worker.ts";

/** Compares a password with a bcrypt hash off the event loop. */
export type Compare = (password: string, hash: string) => Promise<boolean>;

interface Slot {
  worker: Worker;
  busy: number;
}

/** A worker pool with `close()` for shutdown. */
export interface BcryptPool {
  compare: Compare;
  /** Jobs queued or running right now. */
  pending(): number;
  close(): void;
}

/** Creates a pool of at most `size` workers; each job goes to the least busy one. */
export function createBcryptPool(size = 1): BcryptPool {
  const slots: Slot[] = [];
  const waiting = new Map<number, { resolve: (ok: boolean) => void; slot: Slot }>();
  let nextId = 1;

  const pick = (): Slot => {
    const idle = slots.find((slot) => slot.busy === 0);
    if (idle) return idle;
    if (slots.length < size) {
      const worker = new Worker(new URL("./bcrypt_worker.ts", import.meta.url), { type: "module" });
      const slot: Slot = { worker, busy: 0 };
      worker.onmessage = (event: MessageEvent<{ id: number; ok: boolean }>) => {
        const entry = waiting.get(event.data.id);
        if (!entry) return;
        waiting.delete(event.data.id);
        entry.slot.busy--;
        entry.resolve(event.data.ok === true);
      };
      slots.push(slot);
      return slot;
    }
    return slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  };

  return {
    compare(password, hash) {
      return new Promise((resolve) => {
        const slot = pick();
        const job: CompareJob = { id: nextId++, password, hash };
        slot.busy++;
        waiting.set(job.id, { resolve, slot });
        slot.worker.postMessage(job);
      });
    },
    pending: () => waiting.size,
    close() {
      for (const slot of slots) slot.worker.terminate();
      slots.length = 0;
      for (const { resolve } of waiting.values()) resolve(false);
      waiting.clear();
    },
  };
}
