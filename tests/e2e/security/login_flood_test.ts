import assert from "node:assert/strict";
import { startApp } from "../../../scripts/lib/app_process.ts";
import { curl } from "../../support/tls_fixture.ts";
import { sleep } from "../../support/load.ts";
import { needs } from "../../../scripts/lib/tools.ts";
import { basicHeaders } from "../../support/credentials.ts";
import { until } from "../../../scripts/lib/wait.ts";

Deno.test({
  name: "fair logins: 48 wrong-password logins in flight from 127.0.0.1 do not lock out 127.0.0.2",
  ...needs("curl"),
  async fn() {
    // The failed-login limit off: it would answer the flooder 429 after 10 guesses (that is
    // tests/e2e/security/login_limit_test.ts); this test is about the queue behind it.
    const app = await startApp("auth", ["-login-failures", "0"]);
    const seen = new Map<number, number>();
    let flooding = true;
    const flooder = async () => {
      while (flooding) {
        const response = await fetch(`${app.url}/login`, {
          headers: basicHeaders("user:wrong"),
        });
        await response.body?.cancel();
        seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
        // Asks again at once, but not in a busy loop that would only measure this 2-core machine's CPU.
        if (response.status === 503) await sleep(20);
      }
    };
    const flood = Promise.all(Array.from({ length: 48 }, flooder));
    try {
      // The queue is full once the flood gets its first 503 busy: only then does the other address ask.
      await until("the flood to fill the login queue", () => (seen.get(503) ?? 0) > 0);
      const others: string[] = [];
      for (let i = 0; i < 3; i++) {
        const other = await curl([
          "--interface",
          "127.0.0.2",
          "-o",
          "/dev/null",
          "-w",
          "%{http_code}",
          "-u",
          "user:password",
          `${app.url}/login`,
        ]);
        others.push(other.stdout || other.stderr);
      }
      assert.deepEqual(others, ["200", "200", "200"], `statuses seen by the flooder: ${[...seen]}`);
      assert.ok((seen.get(503) ?? 0) > 0, `the flooder was never told to back off: ${[...seen]}`);
      assert.ok((seen.get(401) ?? 0) > 0, `the flooder's logins were never checked: ${[...seen]}`);
    } finally {
      flooding = false;
      await flood;
      await app.stop();
    }
  },
});
