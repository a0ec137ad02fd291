import assert from "node:assert/strict";
import { findNginx } from "../../../scripts/lib/nginx.ts";
import { CTRL_C, inTerminal } from "../../support/terminal.ts";
import { accepts, within } from "../../../scripts/lib/wait.ts";

const ROOT = new URL("../../../", import.meta.url);
const HELLO = '{"message":"Hello"}';

Deno.test({
  name: "deno task frontend runs the TLS frontend from source, its curl lines work, one Ctrl-C stops it all",
  ignore: !(await findNginx()),
  async fn() {
    // As a user runs it: in a terminal, through `deno task`, so that Ctrl-C signals the whole
    // foreground process group and deno task forwards it again.
    const terminal = inTerminal(`'${Deno.execPath()}' task frontend -port 0`, ROOT);
    const output = terminal.output;
    try {
      await terminal.until("Ctrl-C stops nginx, auth and hello.", 60_000);
      const [nginx, auth, hello] = [
        /on https:\/\/localhost:(\d+)/,
        /-> auth +127\.0\.0\.1:(\d+)/,
        /-> hello +127\.0\.0\.1:(\d+)/,
      ].map((pattern) => Number(pattern.exec(output())?.[1]));
      assert.ok(nginx && auth && hello, output());

      // The printed lines, run as printed.
      const tryBlock = output().split("Try, from another shell:\n")[1].split("\n\n")[0];
      const lines = tryBlock.split("\n").map((line) => line.trim());
      assert.ok(lines.some((line) => line.startsWith("TOKEN=")), tryBlock);
      const run = await new Deno.Command("bash", {
        args: ["-ec", lines.join("\n")],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(30_000),
      }).output();
      const decoder = new TextDecoder();
      assert.equal(run.code, 0, decoder.decode(run.stderr));
      assert.equal(
        decoder.decode(run.stdout),
        [HELLO, "authorization failed", HELLO, '{"version":"1.0.0"}', '{"version":"1.0.0"}', ""].join("\n"),
      );

      // One Ctrl-C: nginx, auth and hello stop once each, gracefully, and the script exits 0.
      await terminal.type(CTRL_C);
      const status = await within(terminal.status(), 30_000, () => `no exit:\n${output()}`);
      assert.equal(status.code, 0, output());
      assert.equal(output().match(/auth +\| [^\n]*Captured SIGTERM\. Exiting\.\.\.\n/g)?.length, 1, output());
      assert.equal(
        output().match(/hello +\| [^\n]*Captured SIGTERM\. Exiting\.\.\.\n/g)?.length,
        1,
        output(),
      );
      assert.doesNotMatch(output(), /again|Exiting now/, "no service saw a second signal");
      for (const port of [nginx, auth, hello]) {
        assert.equal(await accepts(port), false, `port ${port} closed`);
      }
      const temp = /certificates from (\S+) \(a fresh app certgen/.exec(output())?.[1];
      if (temp) {
        assert.equal(await Deno.stat(temp).then(() => true, () => false), false, "temporary TLS removed");
      }
    } finally {
      terminal.kill();
    }
  },
});
