/**
 * Whether this process can still open file descriptors. /proc/self/limits is out of reach for a
 * process without every permission, so this asks the kernel directly: it opens and closes /dev/null.
 * @module
 */

/**
 * Whether `count` more descriptors can be opened now (`undefined` where /dev/null cannot be opened
 * for another reason, so nothing can be told). Opens up to `count` handles and closes them again.
 */
export function descriptorsAvailable(count: number): boolean | undefined {
  const opened: Deno.FsFile[] = [];
  try {
    while (opened.length < count) opened.push(Deno.openSync("/dev/null"));
    return true;
  } catch (error) {
    return isOutOfDescriptors(error) ? false : undefined;
  } finally {
    for (const file of opened) file.close();
  }
}

/** Whether `error` is EMFILE/ENFILE: this process (or the system) has no descriptor left. */
export function isOutOfDescriptors(error: unknown): boolean {
  return error instanceof Error && /\(os error 2[34]\)|too many open files/i.test(error.message);
}
