/**
 * The README's fenced blocks as the README test runs them. Rules:
 * - A block fenced as ` ```sh ` (or with no language) is shell; ` ```text ` is not run.
 * - A shell block right after `<!-- not run by the README test: REASON -->` is skipped; REASON must
 *   be one of {@link SKIP_REASONS}, and a shell block using `docker` or `kubectl` must be skipped.
 * - Lines starting `$ ` are a transcript: the command, then the output it must print.
 * - A line starting a service (`deno task start MODE ...` or `app MODE ...`) runs in the background,
 *   and stays up for the blocks after it; the next line runs once its ports answer.
 * @module
 */

/** Why a shell block may be left out. */
export const SKIP_REASONS = [
  "needs Docker",
  "needs a cluster",
  "runs the checks and tests themselves",
  // deno compile fetches denort per target; tests/deploy/compile_test.ts and release_test.ts run these
  // steps with a stand-in runtime instead.
  "downloads Deno's runtime for each target",
];

/** One fenced block of the README. */
export interface Block {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  text: string;
  /** The reason given in a skip marker, if any. */
  skip?: string;
}

/** One step of a shell block. */
export type Step =
  | { kind: "shell"; script: string }
  | { kind: "transcript"; command: string; output: string[] }
  | { kind: "service"; command: string; ports: number[] };

const SKIP = /^<!-- not run by the README test: (.+) -->$/;
const SERVICE = /^(?:deno task start|app) (monolith|auth|hello)\b(.*?)(?:\s+#.*)?$/;

/** Every fenced block of `markdown`, with its skip marker. */
export function readmeBlocks(markdown: string): Block[] {
  const lines = markdown.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.indexOf("```", i + 1);
    if (end < 0) throw new Error(`README line ${i + 1}: unclosed block`);
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === "") before--;
    const skip = SKIP.exec(lines[before] ?? "")?.[1];
    blocks.push({ line: i + 1, lang: open[1], text: lines.slice(i + 1, end).join("\n"), skip });
    i = end;
  }
  return blocks;
}

/** Whether a block is shell. */
export const isShell = (block: Block): boolean => block.lang === "" || block.lang === "sh";

/** The ports a service line listens on: its -http and -health, else the defaults 8080 and 8081. */
export function servicePorts(args: string): number[] {
  const port = (flag: string, fallback: number) => {
    const value = new RegExp(`(?:^|\\s)--?${flag}[ =](\\S+)`).exec(args)?.[1];
    return value === undefined ? fallback : Number(/:(\d+)$/.exec(value)?.[1]);
  };
  return [port("http", 8080), port("health", 8081)];
}

/** A shell block as steps: plain lines grouped, transcripts and services apart. */
export function blockSteps(text: string): Step[] {
  const steps: Step[] = [];
  let plain: string[] = [];
  const flush = () => {
    if (plain.some((line) => line.trim() !== "")) steps.push({ kind: "shell", script: plain.join("\n") });
    plain = [];
  };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith("$ ")) {
      flush();
      const output: string[] = [];
      while (i + 1 < lines.length && !lines[i + 1].startsWith("$ ")) output.push(lines[++i]);
      steps.push({ kind: "transcript", command: line.slice(2), output });
      continue;
    }
    const service = SERVICE.exec(line);
    if (service && !plain.at(-1)?.endsWith("\\")) {
      flush();
      steps.push({ kind: "service", command: line, ports: servicePorts(service[2]) });
      continue;
    }
    plain.push(line);
  }
  flush();
  return steps;
}
