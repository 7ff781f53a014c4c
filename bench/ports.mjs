// Ports for the servers the benchmarks start (bench:features, bench:load): one that is free, and
// whether something listens on one yet.
import net from 'node:net';

/** A port that was free a moment ago (the kernel picked it for a listener closed at once). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether something listens on 127.0.0.1:port now. */
export function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      // With nothing listening yet, the kernel may pick the very port as the source port and
      // connect the socket to itself (TCP simultaneous open): that is no server.
      const self = socket.localPort === port;
      socket.destroy();
      resolve(!self);
    });
    socket.once('error', () => resolve(false));
  });
}
