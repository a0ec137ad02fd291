/**
 * The targets `app` ships for, and how a command line or a Docker build names one.
 * @module
 */

/** Every target we build: the image's two Linux ones and the macOS ones for laptops. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
] as const;

/** One of {@link TARGETS}. */
export type Target = typeof TARGETS[number];

/** Docker's platform names (`TARGETPLATFORM`, `linux/$TARGETARCH`) for the image's targets. */
export const PLATFORMS: Readonly<Record<string, Target>> = {
  "linux/amd64": "x86_64-unknown-linux-gnu",
  "linux/arm64": "aarch64-unknown-linux-gnu",
};

/** A command line the compile script cannot use. */
export class UsageError extends Error {}

/** What `deno task compile` was asked for. */
export interface CompileRequest {
  /** Undefined: this machine's own target. */
  target?: Target;
  output: string;
}

export const USAGE =
  `usage: deno task compile [--target TRIPLE | --platform linux/amd64|linux/arm64] [--output PATH]
  --target    one of ${TARGETS.join(", ")} (default: this machine)
  --platform  a Docker platform, for the image: ${Object.keys(PLATFORMS).join(", ")}
  --output    where to write the binary, relative to the repository (default: app)`;

/** Reads `--target`, `--platform` and `--output` (each `--flag value` or `--flag=value`). */
export function parseCompileArgs(args: readonly string[]): CompileRequest {
  const given = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (!["--target", "--platform", "--output"].includes(flag)) {
      throw new UsageError(`unknown argument "${args[i]}"`);
    }
    if (given.has(flag)) throw new UsageError(`${flag} given twice`);
    const value = inline ?? args[++i];
    if (value === undefined || value === "") throw new UsageError(`${flag} needs a value`);
    given.set(flag, value);
  }
  const target = given.get("--target");
  const platform = given.get("--platform");
  if (target !== undefined && platform !== undefined) {
    throw new UsageError("give --target or --platform, not both");
  }
  if (target !== undefined && !(TARGETS as readonly string[]).includes(target)) {
    throw new UsageError(`unknown target "${target}": use one of ${TARGETS.join(", ")}`);
  }
  if (platform !== undefined && !(platform in PLATFORMS)) {
    throw new UsageError(
      `no image target for platform "${platform}": use one of ${Object.keys(PLATFORMS).join(", ")}` +
        (platform.endsWith("/")
          ? " (TARGETARCH is empty: build with BuildKit, e.g. docker buildx build)"
          : ""),
    );
  }
  return {
    target: platform === undefined ? target as Target | undefined : PLATFORMS[platform],
    output: given.get("--output") ?? "app",
  };
}
