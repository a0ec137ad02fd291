import assert from "node:assert/strict";
import { join } from "node:path";
import { withFrontend } from "../../support/frontend.ts";
import { curl, fetchText } from "../../support/tls_fixture.ts";
import { sleep } from "../../support/load.ts";
import { needs } from "../../support/tools.ts";

const HELLO = '{"message":"Hello"}\n';

Deno.test(
  "nginx/frontend.conf: a slowloris is cut off by nginx after 5 s and never reaches the services",
  needs("nginx"),
  async () => {
    await withFrontend(async ({ tls, nginx, hello }) => {
      const slow: { conn: Deno.TlsConn; closedAt?: number }[] = [];
      const opened = performance.now();
      for (let i = 0; i < 40; i++) {
        const conn = await Deno.connectTls({ hostname: "127.0.0.1", port: nginx.port, caCerts: [tls.caPem] });
        await conn.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
        slow.push({ conn });
      }
      // Each sends one more header line a second, never the blank line that ends them.
      const dribble = slow.map(async (entry, i) => {
        const buffer = new Uint8Array(1024);
        const reader = entry.conn.read(buffer).catch(() => null).then(
          () => (entry.closedAt = performance.now()),
        );
        while (entry.closedAt === undefined && performance.now() - opened < 9_000) {
          await Promise.race([sleep(1_000), reader]);
          if (entry.closedAt !== undefined) break;
          await entry.conn.write(new TextEncoder().encode(`X-Slow-${i}: a\r\n`)).catch(() => {});
        }
        await reader.catch(() => {});
      });
      // Meanwhile everyone else is served.
      for (let i = 0; i < 10; i++) {
        const answer = await fetchText(tls.client, `https://127.0.0.1:${nginx.port}/`);
        assert.equal(answer.status, 200);
        assert.equal(answer.body, HELLO);
        await sleep(200);
      }
      const watchdog = setTimeout(() => slow.forEach((entry) => entry.conn.close()), 12_000);
      await Promise.all(dribble);
      clearTimeout(watchdog);
      for (const entry of slow) {
        try {
          entry.conn.close();
        } catch {
          // closed by nginx
        }
      }
      const lasted = slow.map((entry) => (entry.closedAt ?? Infinity) - opened);
      assert.ok(
        lasted.every((ms) => ms < 8_000),
        `slow connections kept open for ${Math.max(...lasted).toFixed(0)} ms (client_header_timeout 5s)`,
      );
      await sleep(100);
      const served = hello.stdout().split("\n").filter((line) => line.includes('"GET / HTTP/1.1"'));
      assert.equal(served.length, 10, "a slow request reached the service");
    });
  },
);

Deno.test(
  "nginx/frontend.conf: a login flood from one address is held to 5/s by nginx; another address still logs in",
  needs("nginx", "curl"),
  async () => {
    await withFrontend(async ({ tls, nginx, auth }) => {
      const url = `https://127.0.0.1:${nginx.port}/login`;
      const seen = new Map<number, number>();
      let flooding = true;
      const flooder = async () => {
        while (flooding) {
          const answer = await fetch(url, {
            client: tls.client,
            headers: { Authorization: `Basic ${btoa("user:bad")}` },
          })
            .then(async (r) => (await r.body?.cancel(), r.status), () => 0);
          seen.set(answer, (seen.get(answer) ?? 0) + 1);
          // Asks again at once, but not in a busy loop that would only measure this machine's CPU.
          if (answer !== 401) await sleep(100);
        }
      };
      const started = performance.now();
      const flood = Promise.all(Array.from({ length: 48 }, flooder));
      const others: string[] = [];
      try {
        await sleep(1_000);
        for (let i = 0; i < 2; i++) {
          const other = await curl([
            "--max-time",
            "30",
            "--interface",
            "127.0.0.2",
            "--cacert",
            join(tls.dir, "ca.pem"),
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-u",
            "user:password",
            url,
          ]);
          others.push(other.stdout || other.stderr);
        }
        await sleep(500);
      } finally {
        flooding = false;
        await flood;
      }
      const seconds = (performance.now() - started) / 1000;
      const reached = auth.stdout().split("\n").filter((line) =>
        line.includes('"GET /login HTTP/1.1"')
      ).length;
      assert.deepEqual(others, ["200", "200"], `flooder saw ${[...seen]}`);
      assert.ok((seen.get(429) ?? 0) > 0, `nginx never refused the flood: ${[...seen]}`);
      assert.ok(
        reached <= Math.ceil(5 * seconds) + 20 + 2 + 5,
        `${reached} logins reached auth in ${seconds.toFixed(1)} s (5/s + burst 20 expected)`,
      );
    });
  },
);

Deno.test(
  "nginx/frontend.conf: a body over 1 KiB (2 KiB, 10 GB) is refused with 413 before it is read or forwarded",
  needs("nginx"),
  async () => {
    await withFrontend(async ({ tls, nginx, auth }) => {
      for (const length of ["2048", "10000000000"]) {
        const conn = await Deno.connectTls({ hostname: "127.0.0.1", port: nginx.port, caCerts: [tls.caPem] });
        await conn.write(
          new TextEncoder().encode(
            `GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${length}\r\n\r\n`,
          ),
        );
        const buffer = new Uint8Array(4096);
        const n = await conn.read(buffer);
        conn.close();
        assert.match(
          new TextDecoder().decode(buffer.subarray(0, n ?? 0)),
          /^HTTP\/1\.1 413/,
          `Content-Length ${length}`,
        );
      }
      await sleep(100);
      assert.doesNotMatch(auth.stdout(), /\/login/);
    });
  },
);
