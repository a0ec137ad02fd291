/**
 * A directory laid out the way the kubelet mounts a Secret, and updated the way it updates one:
 * `KEY -> ..data/KEY`, `..data -> ..<timestamp>`, a new timestamped directory swapped in by
 * renaming a fresh `..data_tmp` symlink over `..data` (atomic), the old directory then removed.
 * @module
 */
import { join } from "node:path";

/** A mounted Secret with one key; `path` is what the container reads. */
export interface SecretVolume {
  path: string;
  /** Replaces the key's content as the kubelet does. */
  update(text: string): Promise<void>;
}

/** Creates the volume in `dir` with `key` holding `text`. */
export async function secretVolume(dir: string, key: string, text: string): Promise<SecretVolume> {
  let generation = 0;
  let current: string | undefined;
  const update = async (content: string) => {
    const name = `..${Date.now()}_${generation++}`;
    await Deno.mkdir(join(dir, name));
    await Deno.writeTextFile(join(dir, name, key), content);
    await Deno.symlink(name, join(dir, "..data_tmp"));
    await Deno.rename(join(dir, "..data_tmp"), join(dir, "..data"));
    if (current !== undefined) await Deno.remove(join(dir, current), { recursive: true });
    current = name;
  };
  await Deno.mkdir(dir, { recursive: true });
  await update(text);
  await Deno.symlink(join("..data", key), join(dir, key));
  return { path: join(dir, key), update };
}
