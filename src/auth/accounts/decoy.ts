/**
 * The decoy hashes unknown names are compared against. Each unknown name gets the cost of one of
 * the users, picked by a keyed hash of the name with the users' own frequencies: the same name always
 * meets the same cost (repeating it reveals nothing), unknown names cost what known users cost in
 * the same mix, and none costs more than the dearest user. An attacker timing a name learns only its
 * cost, which known and unknown names share. The key is a digest of the users' hashes (salts
 * included), so every replica serving the same file agrees, and no one without the file can predict it.
 * @module
 */
import { createHash, createHmac } from "node:crypto";

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
  const key = createHash("sha256");
  for (const account of list) key.update(account.hash).update("\n");
  const secret = key.digest();
  return (name) => {
    const pick = createHmac("sha256", secret).update(name).digest().readUInt32BE(0) % costs.length;
    return decoyHash(costs[pick]);
  };
}
