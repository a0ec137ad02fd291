/**
 * Ctrl-C as a user presses it: in a terminal (a pseudo-terminal from `script`), where the key
 * signals the whole foreground process group, through `deno task start` (which forwards the
 * SIGINT it got once more) and without it.
 */
import assert from "node:assert/strict";
import { ECHO_MS } from "../../src/server/signals.ts";
import { RUN_FLAGS } from "../../scripts/lib/app_process.ts";
import { sleep } from "../support/load.ts";
import { CTRL_C, inTerminal } from "../support/terminal.ts";
import { needs } from "../../scripts/lib/tools.ts";

const ROOT = new URL("../../", import.meta.url);

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
        const terminal = inTerminal(`${command} -drain 1s`, ROOT);
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
    const terminal = inTerminal(`${ways[0][1]} -drain 30s`, ROOT);
    try {
      await terminal.until("HTTP service listening");
      await terminal.type(CTRL_C);
      await terminal.until("Draining for 30s");
      // The one deliberate pause: the app tells a keypress from its echo by time alone (ECHO_MS).
      await sleep(2 * ECHO_MS);
      await terminal.type(CTRL_C);
      const status = await terminal.status();
      assert.match(terminal.output(), /Captured SIGINT again\. Exiting now/);
      // 130 is the second signal's exit; the 30 s drain ending would have exited 0.
      assert.equal(status.code, 130, terminal.output());
    } finally {
      terminal.kill();
    }
  },
);
