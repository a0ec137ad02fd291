/// <reference lib="deno.worker" />
/**
 * Worker that runs bcrypt comparisons so the HTTP event loop never blocks on them.
 * Receives `{ id, password, hash }`, answers `{ id, ok }`.
 * @module
 */
import bcrypt from "bcryptjs";

/** A comparison request sent to this worker. */
export interface CompareJob {
  id: number;
  password: string;
  hash: string;
}

self.onmessage = (event: MessageEvent<CompareJob>) => {
  const { id, password, hash } = event.data;
  let ok = false;
  try {
    ok = bcrypt.compareSync(password, hash);
  } catch {
    ok = false;
  }
  self.postMessage({ id, ok });
};
