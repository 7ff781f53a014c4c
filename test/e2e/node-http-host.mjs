// ferroserve's features inside a plain node:http server, through the library's createHandler:
// the second transport the end-to-end suites run against. Takes the CLI's flags (the options
// table's), prints the CLI's banner with `parser: node-http`, stops on SIGTERM.
import http from 'node:http';
import path from 'node:path';
import { createHandler, OPTIONS } from '../../dist/index.js';

const given = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const option = OPTIONS.find((candidate) => candidate.flag.split(' ')[0] === argv[i]);
  if (option === undefined) {
    process.stderr.write(`node-http host: unknown option ${argv[i]}\n`);
    process.exit(2);
  }
  // `--name <value>` takes the next argument; `--name [value]` only when one follows.
  if (option.flag.includes(' <')) given[option.key] = argv[++i];
  else if (option.flag.includes(' [') && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) given[option.key] = argv[++i];
  else given[option.key] = true;
}
// Connection management is the host server's: these options go to node:http, not to the handler.
const { port = '0', host = '127.0.0.1', idleTimeoutMs = '5000', headTimeoutMs = '10000', shutdownGraceMs = '2000', workers: _workers, ...handlerOptions } = given;
// The host's stdout is a pipe in the suites: `--log` without a file logs to it, as the CLI would.
const handler = createHandler(handlerOptions);
const server = http.createServer(
  { keepAliveTimeout: Number(idleTimeoutMs), headersTimeout: Number(headTimeoutMs), requestTimeout: 0 },
  (req, res) => {
    res.sendDate = handlerOptions.date === true;
    handler(req, res);
  },
);
server.on('checkContinue', (req, res) => {
  res.sendDate = handlerOptions.date === true;
  handler.checkContinue(req, res);
});
server.listen(Number(port), host, () => {
  const { address, port: bound } = server.address();
  const directory = handlerOptions.directory === undefined ? 'none' : path.resolve(handlerOptions.directory);
  process.stdout.write(`ferroserve listening on http://${address}:${bound} (directory: ${directory}, parser: node-http)\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), Number(shutdownGraceMs)).unref();
});
