// The connection loop in-process (FerroServer on port 0, raw sockets), for what the end-to-end
// suite cannot provoke through the CLI: a fault inside ferroserve, and timeouts in milliseconds.
import net from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { buildConfig, type RawOptions } from '../../src/options.js';
import { FerroServer } from '../../src/server/server.js';
import { jsWire } from '../../src/wire/js/index.js';
import type { Wire } from '../../src/wire/types.js';

const servers: FerroServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.shutdown(100)));
  vi.restoreAllMocks();
});

async function start(options: RawOptions = {}, wire: Wire = jsWire): Promise<number> {
  const config = buildConfig(options, {}, '/', 1);
  const server = new FerroServer({ options: config, wire, tree: null });
  servers.push(server);
  return (await server.listen(0, '127.0.0.1')).port;
}

/** Sends `request`, returns everything received until the server closes (or `waitMs` passes). */
function exchange(port: number, request: string, waitMs = 2000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, waitMs);
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
  });
}

const GET = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;

describe('connection', () => {
  test('a fault inside ferroserve answers 500, closes that connection, and the server goes on', async () => {
    const failing: Wire = {
      ...jsWire,
      writeResponse(status, headers, contentLength, body) {
        if (status === 404) throw new Error('writer fault');
        return jsWire.writeResponse(status, headers, contentLength, body);
      },
    };
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const port = await start({}, failing);
    const faulty = await exchange(port, GET('/') + GET('/nope') + GET('/'));
    expect(faulty).toEqual({
      text:
        'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' +
        'HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      closed: true,
    });
    expect(process.stderr.write).toHaveBeenCalledWith('ferroserve: internal error: writer fault\n');
    const healthy = await exchange(port, `GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(healthy).toEqual({ text: 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', closed: true });
  });

  test.each<[string, string, string]>([
    ['nothing sent: closed silently', '', ''],
    ['after a response: closed silently', GET('/'), 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'],
    ['part of a head: 408 and close', 'GET / HTTP/1.1\r\nHo', 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'],
    [
      'part of a body: closed after the answer already given',
      'POST /echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc',
      'HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, OPTIONS\r\nContent-Length: 0\r\n\r\n',
    ],
  ])('timeouts: %s', async (_name, request, expected) => {
    const port = await start({ idleTimeout: '150', headTimeout: '300' });
    const started = Date.now();
    const result = await exchange(port, request);
    expect(result).toEqual({ text: expected, closed: true });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('shutdown closes idle connections and refuses new ones', async () => {
    const port = await start();
    const idle = exchange(port, GET('/'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await servers[0].shutdown(1000);
    expect(await idle).toEqual({ text: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', closed: true });
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      socket.on('connect', () => resolve('connected'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
