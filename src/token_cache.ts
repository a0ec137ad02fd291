/**
 * A bounded least-recently-used cache of verified tokens, each valid for a window of time.
 * Keys are the whole token text, so two tokens can never share an entry.
 * @module
 */

interface Entry<T> {
  value: T;
  fromMs: number;
  untilMs: number;
}

/** Remembers at most `capacity` values, each only between its `fromMs` and `untilMs`. */
export class TokenCache<T> {
  #entries = new Map<string, Entry<T>>();
  #capacity: number;

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
    // Move to the most recently used end (a Map iterates in insertion order).
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Remembers `value` for `key`, evicting the least recently used entry when full. */
  set(key: string, value: T, fromMs: number, untilMs: number): void {
    if (this.#capacity === 0) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.#capacity) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(key, { value, fromMs, untilMs });
  }

  /** How many entries are held. */
  get size(): number {
    return this.#entries.size;
  }
}
