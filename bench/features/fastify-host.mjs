// `node fastify-host.mjs DIR PORT`: the smallest Fastify app that serves a folder, as its README
// shows it: @fastify/static with `root` and `prefix` only, so the table shows its defaults.
// Loaded from bench/peers/node_modules, where the pinned peers are installed.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../peers/package.json', import.meta.url));
const Fastify = require('fastify');
const fastifyStatic = require('@fastify/static');

const [root, port] = process.argv.slice(2);
const app = Fastify({ logger: false });
app.register(fastifyStatic, { root, prefix: '/' });
await app.listen({ host: '127.0.0.1', port: Number(port) });
