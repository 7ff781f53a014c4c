#!/usr/bin/env node
// `node fastify-host.mjs ROOT PORT`: Fastify with @fastify/static serving ROOT at `/`, set up as a
// file server: precompressed .gz/.br siblings on (preCompressed), its defaults otherwise (ETag,
// Last-Modified, ranges). No logger: the other servers log nothing either. Fastify and the plugin
// come from bench/peers/node_modules, never from the product's dependencies.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../peers/package.json', import.meta.url));
const Fastify = require('fastify');
const fastifyStatic = require('@fastify/static');

const [root, port] = process.argv.slice(2);
const app = Fastify({ logger: false });
app.register(fastifyStatic, { root, prefix: '/', preCompressed: true });
await app.listen({ host: '127.0.0.1', port: Number(port) });
