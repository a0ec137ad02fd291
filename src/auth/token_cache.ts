/**
 * A bounded least-recently-used cache of verified tokens, each valid for a window of time.
 * Keys are the whole token text, so two tokens can never share an entry.
 *
 * A token is admitted on its second sighting only (a "doorkeeper" of hashes, no allocation):
 * the common client that reuses its token is cached from its second request, while a stream
 * of tokens each seen once does not churn the cache, whose entries would otherwise all be
 * promoted to V8's old generation and die there (GC was ~40% of CPU in that case).
 * @module
 */

interface Entry<T> {
  value: T;
  fromMs: number;
  untilMs: number;
  /** Set on each hit; eviction gives a used entry a second chance instead of moving it per hit. */
  used: boolean;
}

const DOORKEEPER_SLOTS = 4096;

/** FNV-1a over the last 16 characters (a token's signature, effectively random). */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = Math.max(0, key.length - 16); i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** Remembers at most `capacity` values, each only between its `fromMs` and `untilMs`. */
export class TokenCache<T> {
  #entries = new Map<string, Entry<T>>();
  #capacity: number;
  #doorkeeper = new Uint32Array(DOORKEEPER_SLOTS);

  constructor(capacity: number) {
    this.#capacity = Math.max(0, Math.floor(capacity));
  }

  /** The value for `key` if it is cached and valid at `nowMs`; an expired entry is dropped. */
  get(key: string, nowMs: number): T | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (nowMs < entry.fromMs || nowMs > entry.untilMs) {
      this.#entries.delete(key);
      return undefined;
    }
    entry.used = true;
    return entry.value;
  }

  /**
   * Offers `value` for `key`: stored if `key` was offered recently before (evicting one not
   * used lately when full, see `#evictOne`), otherwise only remembered as seen.
   */
  set(key: string, value: T, fromMs: number, untilMs: number): void {
    if (this.#capacity === 0) return;
    const h = hash(key) || 1;
    const slot = h & (DOORKEEPER_SLOTS - 1);
    if (this.#doorkeeper[slot] !== h) {
      this.#doorkeeper[slot] = h;
      return;
    }
    this.#entries.delete(key);
    if (this.#entries.size >= this.#capacity) this.#evictOne();
    this.#entries.set(key, { value, fromMs, untilMs, used: false });
  }

  /**
   * Drops the oldest entry not used since it was last passed over ("second chance", an LRU
   * approximation): used entries met on the way lose their mark and go to the young end.
   */
  #evictOne(): void {
    for (const [key, entry] of this.#entries) {
      this.#entries.delete(key);
      if (!entry.used) return;
      entry.used = false;
      this.#entries.set(key, entry);
    }
  }

  /** How many entries are held. */
  get size(): number {
    return this.#entries.size;
  }
}
