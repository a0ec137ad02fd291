import assert from "node:assert/strict";
import { join } from "node:path";
import { withFrontend } from "../../support/frontend.ts";
import { basicHeaders } from "../../support/credentials.ts";
import { curl, fetchText } from "../../support/tls_fixture.ts";
import { needs } from "../../../scripts/lib/tools.ts";
import { until, within } from "../../../scripts/lib/wait.ts";

const HELLO = '{"message":"Hello"}\n';
const encoder = new TextEncoder();

Deno.test(
  "nginx/frontend.conf: a slowloris is cut off by nginx after 5 s and never reaches the services",
  needs("nginx"),
  async () => {
    await withFrontend(async ({ tls, nginx, hello }) => {
      const base = `https://127.0.0.1:${nginx.port}`;
      const slow: { conn: Deno.TlsConn; closed: Promise<unknown>; cutBy?: "nginx" }[] = [];
      for (let i = 0; i < 40; i++) {
        const conn = await Deno.connectTls({ hostname: "127.0.0.1", port: nginx.port, caCerts: [tls.caPem] });
        await conn.write(encoder.encode("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
        const entry: (typeof slow)[number] = { conn, closed: Promise.resolve() };
        // nginx closes the connection without an answer (408 in its log): the read ends.
        entry.closed = conn.read(new Uint8Array(1024)).then(() => (entry.cutBy = "nginx"), () => {});
        slow.push(entry);
      }
      const allCut = Promise.all(slow.map((entry) => entry.closed));
      let cut = false;
      allCut.then(() => (cut = true));
      // Meanwhile everyone else is served, request after request, until nginx has cut every slow one;
      // each served request is a tick of the slowloris's clock: one more header line from each (at most
      // 100, far below nginx's header buffers), never the blank line that ends them.
      let served = 0;
      const serving = (async () => {
        while (!cut) {
          const answer = await fetchText(tls.client, `${base}/`);
          assert.equal(answer.status, 200);
          assert.equal(answer.body, HELLO);
          served++;
          if (served > 100) continue;
          for (const [i, entry] of slow.entries()) {
            if (!entry.cutBy) await entry.conn.write(encoder.encode(`X-Slow-${i}: a\r\n`)).catch(() => {});
          }
        }
      })();
      try {
        await within(
          allCut,
          30_000,
          () => `${slow.filter((e) => !e.cutBy).length} slow connections still open`,
        );
        await serving;
      } finally {
        cut = true;
        for (const entry of slow) {
          try {
            entry.conn.close();
          } catch {
            // closed by nginx
          }
        }
      }
      assert.ok(served > 0, "nobody else was served while the slow connections were open");
      // Every slow one was cut by nginx's header timeout, none answered or forwarded.
      await until(
        "nginx's access log of the cut connections",
        async () =>
          (await nginx.accessLog()).split("\n").filter((line) => /"GET \/ HTTP\/1\.1" 408 /.test(line))
            .length === slow.length,
      );
      // A last request marks the end of hello's log: whatever a slow request caused would be above it.
      assert.equal((await fetchText(tls.client, `${base}/version`)).status, 200);
      const log = await hello.waitFor("stdout", '"GET /version HTTP/1.1"');
      const reached = log.split("\n").filter((line) => line.includes('"GET / HTTP/1.1"'));
      assert.equal(reached.length, served, "a slow request reached the service");
    });
  },
);

Deno.test(
  "nginx/frontend.conf: a login flood from one address is held to 5/s by nginx; another address still logs in",
  needs("nginx", "curl"),
  async () => {
    await withFrontend(async ({ tls, nginx, auth }) => {
      const url = `https://127.0.0.1:${nginx.port}/login`;
      const seen = new Map<string, number>();
      const count = (answer: string) => seen.get(answer) ?? 0;
      let flooding = true;
      // A flooder refused by nginx asks again once nginx has let a queued login through to auth:
      // sooner only measures this machine's CPU, and nginx's queue stays full either way.
      let admitted = Promise.withResolvers<void>();
      const flooder = async () => {
        while (flooding) {
          // auth's own answers: 401, or 429 with Retry-After once its failed-login limit is hit.
          const answer = await fetch(url, { client: tls.client, headers: basicHeaders("user:bad") })
            .then(async (r) => {
              await r.body?.cancel();
              return r.status === 401 || r.headers.has("retry-after") ? `auth ${r.status}` : `${r.status}`;
            }, (error) => `${error}`);
          seen.set(answer, count(answer) + 1);
          if (answer.startsWith("auth")) {
            admitted.resolve();
            admitted = Promise.withResolvers<void>();
          } else if (flooding) await admitted.promise;
        }
      };
      const reachedAuth = () =>
        [...seen].reduce((n, [answer, k]) => answer.startsWith("auth") ? n + k : n, 0);
      const started = performance.now();
      const flood = Promise.all(Array.from({ length: 48 }, flooder));
      const others: string[] = [];
      try {
        // Both limits engaged: nginx refuses the flood, and auth has blocked the flooder itself.
        await until(
          "nginx to refuse the flood and auth to block the flooder",
          () => count("429") > 0 && count("auth 429") > 0,
        );
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
        // The flood goes on after the other address's logins, still held back.
        const after = { admitted: reachedAuth(), refused: count("429") };
        await until(
          "the flood to go on",
          () => reachedAuth() > after.admitted && count("429") > after.refused,
        );
      } finally {
        flooding = false;
        admitted.resolve();
        await flood;
      }
      const seconds = (performance.now() - started) / 1000;
      const reached = auth.stdout().split("\n").filter((line) =>
        line.includes('"GET /login HTTP/1.1"')
      ).length;
      assert.deepEqual(others, ["200", "200"], `flooder saw ${[...seen]}`);
      assert.ok(count("429") > 0, `nginx never refused the flood: ${[...seen]}`);
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
      // A last request marks the end of auth's log: a forwarded body would be above it.
      assert.equal((await fetchText(tls.client, `https://127.0.0.1:${nginx.port}/auth/version`)).status, 200);
      const log = await auth.waitFor("stdout", '"GET /version HTTP/1.1"');
      assert.doesNotMatch(log, /\/login/);
    });
  },
);
