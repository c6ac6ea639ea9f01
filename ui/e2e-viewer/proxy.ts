// A TCP proxy between the browser and the relay that keeps every byte, both
// ways, so a test can look for what must never cross the network.
import { createConnection, createServer, type Server, type Socket } from "node:net";

export interface Proxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Everything the browser sent. */
  sent(): Buffer;
  /** Everything the browser received. */
  received(): Buffer;
  connections(): number;
  stop(): Promise<void>;
}

export async function startProxy(target: string): Promise<Proxy> {
  const { hostname, port } = new URL(target);
  const up: Buffer[] = [];
  const down: Buffer[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((client) => {
    connections++;
    const relay = createConnection({ host: hostname, port: Number(port) });
    sockets.add(client);
    sockets.add(relay);
    client.on("data", (d: Buffer) => {
      up.push(Buffer.from(d));
      relay.write(d);
    });
    relay.on("data", (d: Buffer) => {
      down.push(Buffer.from(d));
      client.write(d);
    });
    const close = () => {
      client.destroy();
      relay.destroy();
      sockets.delete(client);
      sockets.delete(relay);
    };
    client.on("end", () => relay.end());
    relay.on("end", () => client.end());
    client.on("error", close);
    relay.on("error", close);
    client.on("close", close);
    relay.on("close", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("proxy has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    sent: () => Buffer.concat(up),
    received: () => Buffer.concat(down),
    connections: () => connections,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
