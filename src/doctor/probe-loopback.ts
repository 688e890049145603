/** Whether a TCP listener can bind on the loopback addresses (what every zmqdiag test and scenario uses). */
import net from "node:net";

/** "works", or the error code of the bind. */
export function probeLoopback(host: "127.0.0.1" | "::1"): Promise<{ status: "works" | "failed"; detail?: string }> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", (e: NodeJS.ErrnoException) => resolve({ status: "failed", detail: e.code ?? e.message }));
    srv.listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve({ status: "works", detail: `port ${port}` }));
    });
  });
}
