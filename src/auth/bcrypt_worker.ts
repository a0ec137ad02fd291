/// <reference lib="deno.worker" />
/**
 * Worker that runs bcrypt comparisons so the HTTP event loop never blocks on them.
 * Receives `{ id, password, hash }`, answers `{ id, ok }`.
 * @module
 */
import { compareBcrypt } from "./bcrypt_compare.ts";

/** A comparison request sent to this worker. */
export interface CompareJob {
  id: number;
  password: string;
  hash: string;
}

self.onmessage = async (event: MessageEvent<CompareJob>) => {
  const { id, password, hash } = event.data;
  self.postMessage({ id, ok: await compareBcrypt(password, hash) });
};
