/**
 * The TCP sockets a process listens on, read from Linux's /proc: the listening sockets of its network
 * namespace (`/proc/PID/net/tcp`, `tcp6`) that are among its own descriptors (`/proc/PID/fd`).
 * Another process on the same machine listening on a port (even 9229) is not counted.
 * @module
 */

/** `/proc/net/tcp`'s hex address (`0100007F`, or 32 hex digits for IPv6) as text. */
function address(hex: string): string {
  if (hex.length === 8) return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(".");
  const words = hex.match(/.{8}/g)!.map((word) => word.match(/../g)!.reverse().join(""));
  return `[${words.join("").match(/.{4}/g)!.join(":")}]`;
}

/** The inodes of the sockets among `pid`'s open descriptors. */
async function socketInodes(pid: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  for await (const entry of Deno.readDir(`/proc/${pid}/fd`)) {
    try {
      const target = await Deno.readLink(`/proc/${pid}/fd/${entry.name}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // closed meanwhile
    }
  }
  return inodes;
}

/** `HOST:PORT` of every TCP socket `pid` listens on, sorted. */
export async function listeningSockets(pid: number): Promise<string[]> {
  const mine = await socketInodes(pid);
  const found: string[] = [];
  for (const table of ["tcp", "tcp6"]) {
    const lines = (await Deno.readTextFile(`/proc/${pid}/net/${table}`)).split("\n").slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== "0A" || !mine.has(fields[9])) continue; // 0A: LISTEN
      const [host, port] = fields[1].split(":");
      found.push(`${address(host)}:${parseInt(port, 16)}`);
    }
  }
  return found.sort();
}
