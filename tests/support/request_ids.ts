/**
 * Drives the request-id cases through an nginx in front of the app, then checks that each id
 * appears in the response, in nginx's access log and in the service's access log.
 * @module
 */
import assert from "node:assert/strict";
import { fetchText } from "./tls_fixture.ts";

/** One request sent and the id it came back with. */
export interface SentId {
  path: string;
  /** The `X-Request-Id` the client sent, if any. */
  sent?: string;
  /** The `X-Request-Id` of the response. */
  returned: string;
}

const HOSTILE_IDS = ["has space", "<script>x</script>", "a".repeat(129), "semi;colon", "ünïcode"];

/**
 * Sends, through `base`: requests without an id, with a well-formed one, and with malformed
 * ones (each must be replaced, never echoed). Asserts on the responses; returns what was seen.
 */
export async function sendRequestIds(
  client: Deno.HttpClient,
  base: string,
  paths: string[],
): Promise<SentId[]> {
  const seen: SentId[] = [];
  for (const path of paths) {
    const plain = await fetchText(client, `${base}${path}`);
    const generated = plain.headers.get("X-Request-Id") ?? "";
    assert.match(generated, /^[0-9a-f]{32}$/, `nginx's $request_id reaches ${path} and comes back`);
    seen.push({ path, returned: generated });
    const sent = `client-${crypto.randomUUID()}`;
    const kept = await fetchText(client, `${base}${path}`, { "X-Request-Id": sent });
    assert.equal(kept.headers.get("X-Request-Id"), sent, "a well-formed id from the client is kept");
    seen.push({ path, sent, returned: sent });
  }
  for (const sent of HOSTILE_IDS) {
    let response;
    try {
      response = await fetchText(client, `${base}${paths[0]}`, { "X-Request-Id": sent });
    } catch {
      continue; // a header value fetch itself refuses to send
    }
    const returned = response.headers.get("X-Request-Id") ?? "";
    assert.match(returned, /^[0-9a-f]{32}$/, `${JSON.stringify(sent)} is replaced`);
    seen.push({ path: paths[0], sent, returned });
  }
  return seen;
}

/** Asserts that every returned id is in nginx's log and the service's, and no malformed one is. */
export function assertIdsLogged(seen: SentId[], nginxLog: string, serviceLog: string): void {
  for (const { path, sent, returned } of seen) {
    const nginxLine = nginxLog.split("\n").find((line) => line.endsWith(`request_id=${returned}`));
    assert.ok(nginxLine, `nginx logged ${returned}:\n${nginxLog}`);
    assert.ok(nginxLine.includes(`GET ${path} `), nginxLine);
    const serviceLine = serviceLog.split("\n").find((line) => line.endsWith(` ${returned}`));
    assert.ok(serviceLine, `the service logged ${returned}:\n${serviceLog}`);
    assert.ok(serviceLine.includes(`"GET ${path} HTTP/1.1"`), serviceLine);
    if (sent !== undefined && sent !== returned) {
      assert.ok(
        !serviceLog.includes(sent) && !nginxLog.includes(`request_id=${sent}`),
        `${sent} never logged`,
      );
    }
  }
}
