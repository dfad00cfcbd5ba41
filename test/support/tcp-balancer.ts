import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

/**
 * A TCP balancer in front of several relays, as nginx or a cloud load balancer would stand there:
 * each new connection goes to the next relay in turn, or on to the one after when a relay does not
 * accept connections (killed, restarting). Connections are piped byte for byte; a relay that dies
 * takes its connections with it, and its clients reconnect through the balancer to another.
 */
export type Balancer = {
  /** `ws://127.0.0.1:<port>`, for clients that should not care which relay serves them. */
  url: string;
  close(): Promise<void>;
};

export async function startBalancer(ports: readonly number[]): Promise<Balancer> {
  let turn = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const first = turn++;
    const tryRelay = (attempt: number) => {
      if (attempt >= ports.length || client.destroyed) {
        client.destroy();
        return;
      }
      const upstream = connect(ports[(first + attempt) % ports.length] as number, '127.0.0.1');
      const refused = () => tryRelay(attempt + 1);
      upstream.once('error', refused);
      upstream.once('connect', () => {
        upstream.off('error', refused);
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => upstream.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryRelay(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
