/**
 * The decoy hashes unknown names are compared against. Each unknown name gets the cost of one of
 * the users, picked by a keyed hash of the name with the users' own frequencies: the same name always
 * meets the same cost (repeating it reveals nothing), unknown names cost what known users cost in
 * the same mix, and none costs more than the dearest user. An attacker timing a name learns only its
 * cost, which known and unknown names share. The key is a digest of the users' hashes (salts
 * included), so every replica serving the same file agrees, and no one without the file can predict it.
 * @module
 */
// @noble/hashes, not node:crypto: the serving path loads it already (token signing), while a node:
// import would load Deno's Node layer in every mode, ~2.6 MiB of idle RSS (docs/decisions/idle-memory.md).
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

/** The part of an account a decoy needs. */
export interface Costed {
  hash: string;
  cost: number;
}

// Any 53 characters of bcrypt's alphabet form a valid salt and digest: comparing against them
// costs the full work of the cost in front, and no password matches them.
const DECOY_BODY = "Ui3Ql9vq0D0bT8JpQyJ0m.u6Y0sB5c3oQm6o3W9c7p2h1XkZrV4eS";

/** A hash of `cost` that matches no password. */
export function decoyHash(cost: number): string {
  return `$2b$${String(cost).padStart(2, "0")}$${DECOY_BODY}`;
}

/** The decoy for each unknown name, over `accounts` (cost 10 when there are none). */
export function decoysFor(accounts: Iterable<Costed>): (name: string) => string {
  const list = [...accounts];
  if (list.length === 0) return () => decoyHash(10);
  const costs = list.map((account) => account.cost);
  if (costs.every((cost) => cost === costs[0])) {
    const only = decoyHash(costs[0]);
    return () => only;
  }
  const encoder = new TextEncoder();
  const secret = sha256(encoder.encode(list.map((account) => `${account.hash}\n`).join("")));
  return (name) => {
    const mac = hmac(sha256, secret, encoder.encode(name));
    const pick = new DataView(mac.buffer, mac.byteOffset, mac.byteLength).getUint32(0) % costs.length;
    return decoyHash(costs[pick]);
  };
}
