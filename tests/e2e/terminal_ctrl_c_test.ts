/**
 * Ctrl-C as a user presses it: in a terminal (a pseudo-terminal from `script`), where the key
 * signals the whole foreground process group, through `deno task start` (which forwards the
 * SIGINT it got once more) and without it.
 */
import assert from "node:assert/strict";
import { RUN_FLAGS } from "../support/app_process.ts";
import { needs } from "../support/tools.ts";

const ROOT = new URL("../../", import.meta.url);
const CTRL_C = new Uint8Array([3]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `command` in a pseudo-terminal; the terminal's output, keys to type, and the exit status. */
function inTerminal(command: string) {
  const child = new Deno.Command("script", {
    args: ["-qfec", command, "/dev/null"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let output = "";
  const reading = child.stdout.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (text) => void (output += text.replaceAll("\r", "")) }),
  );
  const keys = child.stdin.getWriter();
  return {
    output: () => output,
    type: (bytes: Uint8Array) => keys.write(bytes),
    async until(text: string, ms = 30_000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!output.includes(text)) {
        assert.ok(Date.now() < deadline, `no ${JSON.stringify(text)} in ${ms} ms:\n${output}`);
        await sleep(50);
      }
    },
    async status(): Promise<Deno.CommandStatus> {
      await keys.close().catch(() => {});
      await reading;
      return await child.status;
    },
    kill: () => {
      try {
        child.kill("SIGKILL");
      } catch {
        // already exited
      }
    },
  };
}

const serve = "monolith -http 127.0.0.1:0 -health 127.0.0.1:0";
const ways = [
  ["through deno task start", `'${Deno.execPath()}' task start ${serve}`],
  ["run directly", `'${Deno.execPath()}' run ${RUN_FLAGS.join(" ")} main.ts ${serve}`],
] as const;

Deno.test(
  "one Ctrl-C in a terminal is one graceful shutdown: the drain runs, exit 0",
  needs("script"),
  async (t) => {
    for (const [name, command] of ways) {
      await t.step(name, async () => {
        const terminal = inTerminal(`${command} -drain 1s`);
        try {
          await terminal.until("HTTP service listening");
          await terminal.type(CTRL_C);
          const status = await terminal.status();
          assert.match(terminal.output(), /Captured SIGINT\. Exiting\.\.\./);
          assert.match(terminal.output(), /Draining for 1s/);
          assert.doesNotMatch(terminal.output(), /again\. Exiting now/);
          assert.equal(status.code, 0, terminal.output());
        } finally {
          terminal.kill();
        }
      });
    }
  },
);

Deno.test(
  "a second, deliberate Ctrl-C during the drain still exits at once with 130",
  needs("script"),
  async () => {
    const terminal = inTerminal(`${ways[0][1]} -drain 30s`);
    try {
      await terminal.until("HTTP service listening");
      await terminal.type(CTRL_C);
      await terminal.until("Draining for 30s");
      await sleep(1_000);
      const start = performance.now();
      await terminal.type(CTRL_C);
      const status = await terminal.status();
      assert.match(terminal.output(), /Captured SIGINT again\. Exiting now/);
      assert.equal(status.code, 130, terminal.output());
      assert.ok(performance.now() - start < 10_000, "the second Ctrl-C did not exit at once");
    } finally {
      terminal.kill();
    }
  },
);
