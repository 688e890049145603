/** Free TCP ports on loopback, chosen by the OS (bind to port 0, read it, release it). */
import net from "node:net";

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A tcp endpoint on a port that was free a moment ago. */
export async function freeEndpoint(): Promise<string> {
  return `tcp://127.0.0.1:${await freePort()}`;
}
