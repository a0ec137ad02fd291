/**
 * A {@link KeySource} fed by a JWKS URL (the auth service's `/.well-known/jwks.json`): fetched at
 * start and retried every second until it answers, refreshed every few minutes and when a token
 * names an unknown `kid` (at most once per `minRefreshMs`), and the last good set kept while the
 * URL is down or answers nonsense.
 * @module
 */
import { TokenKeysUnavailable } from "../auth/jwt/token_service.ts";
import { firstLine } from "../util/error_text.ts";
import { httpGet } from "../http/http_get.ts";
import { importPublicJwk } from "./jwk.ts";
import type { VerifyKey } from "./key_types.ts";
import type { KeySource } from "./verifier.ts";

/** Options for {@link JwksClient}. */
export interface JwksClientOptions {
  url: string;
  log: (message: string) => void;
  /** Called once, when the first set of keys is in. */
  onLoaded?: () => void;
  /** Least time between two fetches asked for by unknown `kid`s (default 5 s). */
  minRefreshMs?: number;
  /** Time between attempts until the first set is in (default 1 s). */
  retryMs?: number;
  /** Time between routine refreshes once loaded (default 5 min). */
  periodicMs?: number;
  /** Longest a fetch may take (default 3 s). */
  timeoutMs?: number;
  /** The HTTP GET (tests inject one; default {@link httpGet}). */
  get?: typeof httpGet;
  /** Monotonic clock in ms for the refresh cooldown (tests inject one; default `performance.now`). */
  now?: () => number;
}

const MAX_BODY = 64 * 1024;

/** Keys from a JWKS URL; call {@link JwksClient.start} once, {@link JwksClient.close} at shutdown. */
export class JwksClient implements KeySource {
  #keys = new Map<string, VerifyKey>();
  #loaded = false;
  #lastFetch = -Infinity;
  #inflight: Promise<void> | undefined;
  #problem = "";
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #options: Required<Omit<JwksClientOptions, "onLoaded">> & Pick<JwksClientOptions, "onLoaded">;

  constructor(options: JwksClientOptions) {
    this.#options = {
      minRefreshMs: 5000,
      retryMs: 1000,
      periodicMs: 300_000,
      timeoutMs: 3000,
      get: httpGet,
      now: () => performance.now(),
      ...options,
    };
  }

  /** Whether a set of keys has ever been fetched. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Starts fetching; resolves after the first attempt, whatever its outcome. */
  start(): Promise<void> {
    const tick = () => {
      if (this.#closed) return;
      const timer = setTimeout(async () => {
        await this.#fetch();
        tick();
      }, this.#loaded ? this.#options.periodicMs : this.#options.retryMs);
      Deno.unrefTimer(timer);
      this.#timer = timer;
    };
    return this.#fetch().then(tick);
  }

  /** Stops the timers. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  get(kid: string): VerifyKey | undefined {
    return this.#keys.get(kid);
  }

  async refresh(_kid: string): Promise<void> {
    if (this.#inflight) await this.#inflight;
    else if (this.#options.now() - this.#lastFetch >= this.#options.minRefreshMs) await this.#fetch();
    if (!this.#loaded) throw new TokenKeysUnavailable(`no keys fetched from ${this.#options.url} yet`);
  }

  #fetch(): Promise<void> {
    this.#inflight ??= this.#load().finally(() => this.#inflight = undefined);
    return this.#inflight;
  }

  async #load(): Promise<void> {
    this.#lastFetch = this.#options.now();
    const { url, log } = this.#options;
    try {
      const keys = await this.#download();
      const before = [...this.#keys.keys()].join(",");
      this.#keys = new Map(keys.map((key) => [key.kid, key]));
      this.#problem = "";
      if (before !== [...this.#keys.keys()].join(",")) {
        log(`token keys from ${url}: ${keys.map((key) => `${key.alg} ${key.kid}`).join(", ")}`);
      }
      if (!this.#loaded) {
        this.#loaded = true;
        this.#options.onLoaded?.();
      }
    } catch (error) {
      const keeping = this.#loaded ? `keeping the ${this.#keys.size} keys in use` : "no keys yet: not ready";
      const message = `cannot use JWKS from ${url}: ${firstLine(error)}; ${keeping}`;
      if (message !== this.#problem) log(message);
      this.#problem = message;
    }
  }

  async #download(): Promise<VerifyKey[]> {
    const { status, body } = await this.#options.get(this.#options.url, {
      timeoutMs: this.#options.timeoutMs,
      maxBody: MAX_BODY,
      headers: { Accept: "application/json" },
    });
    if (status !== 200) throw new Error(`HTTP ${status}`);
    let document: unknown;
    try {
      document = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new Error("not JSON");
    }
    const list = (document as { keys?: unknown })?.keys;
    if (!Array.isArray(list)) throw new Error('no "keys" array');
    const keys: VerifyKey[] = [];
    for (const entry of list) {
      try {
        keys.push(await importPublicJwk(entry));
      } catch {
        // Keys of other types (RSA, encryption keys) may share the set; they are not ours to use.
      }
    }
    if (keys.length === 0) throw new Error("no Ed25519 or P-256 signing key in the set");
    return keys;
  }
}
