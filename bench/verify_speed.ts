/**
 * Token signature verifications per second, per algorithm and implementation, in one process:
 * HS256 (@noble/hashes, what we use), Ed25519 and ECDSA P-256 through WebCrypto (async, native).
 * The pure-JS comparison (@noble/curves) that chose WebCrypto was measured once and is recorded in
 * docs/decisions/token-signatures.md; it is not repeated here, so no bench-only package enters the
 * runtime import map this script resolves through. Several rounds, each
 * measuring every case for `seconds`; the medians are printed, with each case's ratio to HS256
 * taken within its round (the machine's speed drifts).
 * `deno run -A bench/verify_speed.ts [seconds] [rounds]`.
 * @module
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

const seconds = Number(Deno.args[0] ?? "1");
const rounds = Number(Deno.args[1] ?? "3");
const encoder = new TextEncoder();
// A message the size of our tokens' signing input.
const message = encoder.encode("e".repeat(190));

const cases: { name: string; op: () => unknown; concurrency: number }[] = [];
const case_ = (name: string, op: () => unknown, concurrency = 1) => cases.push({ name, op, concurrency });

async function rate(name: string, op: () => unknown, concurrency = 1): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let count = 0;
  const worker = async () => {
    while (performance.now() < until) {
      for (let i = 0; i < 50; i++) {
        const result = op();
        if (result instanceof Promise ? !(await result) : !result) throw new Error(`${name}: bad signature`);
      }
      count += 50;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - start) / 1000);
}

const key = encoder.encode("a-32-byte-secret-for-the-bench!!");
const mac = hmac(sha256, key, message);
case_("HS256 @noble/hashes", () => {
  const out = hmac(sha256, key, message);
  return out[0] === mac[0];
});

const ed = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]) as CryptoKeyPair;
const edSig = new Uint8Array(await crypto.subtle.sign("Ed25519", ed.privateKey, message));
case_(
  "EdDSA WebCrypto (1 in flight)",
  () => crypto.subtle.verify("Ed25519", ed.publicKey, edSig, message),
);
case_(
  "EdDSA WebCrypto (32 in flight)",
  () => crypto.subtle.verify("Ed25519", ed.publicKey, edSig, message),
  32,
);

const ec = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
  "sign",
  "verify",
]) as CryptoKeyPair;
const ES = { name: "ECDSA", hash: "SHA-256" };
const ecSig = new Uint8Array(await crypto.subtle.sign(ES, ec.privateKey, message));
case_("ES256 WebCrypto (1 in flight)", () => crypto.subtle.verify(ES, ec.publicKey, ecSig, message));
case_(
  "ES256 WebCrypto (32 in flight)",
  () => crypto.subtle.verify(ES, ec.publicKey, ecSig, message),
  32,
);

const results = new Map<string, { rates: number[]; ratios: number[] }>(
  cases.map((c) => [c.name, { rates: [], ratios: [] }]),
);
for (let r = 0; r < rounds; r++) {
  let hs256 = 0;
  for (const c of cases) {
    const per = await rate(c.name, c.op, c.concurrency);
    if (c === cases[0]) hs256 = per;
    results.get(c.name)!.rates.push(per);
    results.get(c.name)!.ratios.push(per / hs256);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`| verification | per second (median of ${rounds}) | vs HS256 |\n|---|---:|---:|`);
for (const [name, { rates, ratios }] of results) {
  console.log(`| ${name} | ${Math.round(median(rates))} | ${median(ratios).toFixed(3)}x |`);
}
