/**
 * Copies a child's output to ours line by line, with a prefix that names the child.
 * @module
 */

/** Writes each line of `stream` to `out` with `prefix`; calls `onLine` with every line. */
export async function forward(
  stream: ReadableStream<Uint8Array>,
  out: { writeSync(bytes: Uint8Array): number },
  prefix: string,
  onLine: (line: string) => void = () => {},
): Promise<void> {
  const encoder = new TextEncoder();
  let rest = "";
  let writable = true;
  const write = (line: string) => {
    try {
      if (writable) out.writeSync(encoder.encode(`${prefix}${line}\n`));
    } catch {
      writable = false; // our own output is gone (a closed pipe): keep reading, stop writing
    }
  };
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    const lines = (rest + text).split("\n");
    rest = lines.pop()!;
    for (const line of lines) {
      write(line);
      onLine(line);
    }
  }
  if (rest) write(rest);
}
