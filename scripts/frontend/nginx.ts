/**
 * The frontend's nginx: the repository's `nginx/frontend.conf`, its marked lines pointed at the
 * local services, certificates and port.
 * @module
 */
import { type Nginx, readRepoConf, renderConf, startNginx } from "../lib/nginx.ts";
import type { Service } from "./service.ts";

/** What to tell a user whose port is taken. */
export function portInUse(port: number): string {
  return `port ${port} is in use; pick another (-port 0 picks a free one)`;
}

/** Whether nothing listens on 127.0.0.1:`port` yet. */
export function portIsFree(port: number): boolean {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
    return true;
  } catch {
    return false;
  }
}

/** Starts nginx in front of `auth` and `hello` on `port` (0: a free one), in a session of its own. */
export async function startFrontend(
  port: number,
  auth: Service,
  hello: Service,
  tlsDir: string,
): Promise<Nginx> {
  const conf = await readRepoConf("frontend.conf");
  return startNginx((listen) =>
    renderConf(conf, {
      listen: `127.0.0.1:${listen}`,
      upstreams: { auth: auth.address, hello: hello.address },
      tlsDir,
    }), { port: port === 0 ? undefined : port, detached: true }).catch((error) => {
      const inUse = /bind\(\) to \S+ failed \(98/.test(String(error));
      throw new Error(inUse ? portInUse(port) : error);
    });
}
