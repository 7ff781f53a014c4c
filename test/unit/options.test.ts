import { describe, expect, test } from 'vitest';
import { buildConfig, DEFAULTS, type RawOptions, UsageError } from '../../src/options.js';

const build = (options: RawOptions, env: NodeJS.ProcessEnv = {}) => buildConfig(options, env, '/work', 4);

describe('buildConfig: flags beat environment, which beats defaults', () => {
  test('defaults', () => {
    expect(build({})).toEqual({
      directory: null,
      port: 4221,
      host: '127.0.0.1',
      parser: 'auto',
      date: false,
      maxBody: 1024 ** 3,
      idleTimeoutMs: 5000,
      headTimeoutMs: 10000,
      workers: 1,
      filesMount: '/files/',
      maxAge: null,
      dotfiles: false,
      allowDelete: false,
      shutdownGraceMs: 3000,
      sendTimeoutMs: 60000,
      readOnly: false,
      cors: null,
      auth: null,
      authFile: null,
      authWritesOnly: false,
      log: 'auto',
      logFile: null,
      tlsCert: null,
      tlsKey: null,
      spa: null,
    });
    expect(Object.isFrozen(build({}))).toBe(true);
  });

  test.each<[string, RawOptions, NodeJS.ProcessEnv, Partial<ReturnType<typeof build>>]>([
    ['env PORT', {}, { PORT: '8080' }, { port: 8080 }],
    ['--dotfiles', { dotfiles: true }, {}, { dotfiles: true }],
    ['--allow-delete', { allowDelete: true }, {}, { allowDelete: true }],
    ['flag over env PORT', { port: '9090' }, { PORT: '8080' }, { port: 9090 }],
    ['port 0', { port: '0' }, {}, { port: 0 }],
    ['empty env PORT is unset', {}, { PORT: '' }, { port: DEFAULTS.port }],
    ['env HOST', {}, { HOST: '0.0.0.0' }, { host: '0.0.0.0' }],
    ['flag over env HOST', { host: '::1' }, { HOST: '0.0.0.0' }, { host: '::1' }],
    ['env parser', {}, { FERROSERVE_PARSER: 'js' }, { parser: 'js' }],
    ['flag over env parser', { parser: 'native' }, { FERROSERVE_PARSER: 'js' }, { parser: 'native' }],
    ['relative directory', { directory: 'public' }, {}, { directory: '/work/public' }],
    ['absolute directory', { directory: '/srv/x/../y' }, {}, { directory: '/srv/y' }],
    ['--date', { date: true }, {}, { date: true }],
    ['--max-body bytes', { maxBody: '1048576' }, {}, { maxBody: 1048576 }],
    ['--max-body k', { maxBody: '512k' }, {}, { maxBody: 512 * 1024 }],
    ['--max-body G', { maxBody: '2G' }, {}, { maxBody: 2 * 1024 ** 3 }],
    ['--max-body 0', { maxBody: '0' }, {}, { maxBody: 0 }],
    ['timeouts', { idleTimeout: '100', headTimeout: '200' }, {}, { idleTimeoutMs: 100, headTimeoutMs: 200 }],
    ['--shutdown-grace, --send-timeout', { shutdownGrace: '250', sendTimeout: '500' }, {}, { shutdownGraceMs: 250, sendTimeoutMs: 500 }],
    ['--workers n', { workers: '3' }, {}, { workers: 3 }],
    ['--workers auto', { workers: 'auto' }, {}, { workers: 4 }],
    ['--files-mount', { filesMount: '/f/' }, {}, { filesMount: '/f/' }],
    ['--files-mount at the root', { filesMount: '/' }, {}, { filesMount: '/' }],
    ['--max-age', { maxAge: '3600' }, {}, { maxAge: 3600 }],
    ['--max-age 0', { maxAge: '0' }, {}, { maxAge: 0 }],
    ['--read-only', { readOnly: true }, {}, { readOnly: true }],
    ['--cors bare', { cors: true }, {}, { cors: { kind: 'any' } }],
    ['--cors *', { cors: '*' }, {}, { cors: { kind: 'any' } }],
    ['--cors list', { cors: 'https://a.example, http://localhost:5173,https://a.example' }, {}, { cors: { kind: 'list', origins: ['https://a.example', 'http://localhost:5173'] } }],
    ['--auth', { auth: 'me:pa:ss' }, {}, { auth: { user: 'me', password: 'pa:ss' } }],
    ['env FERROSERVE_AUTH', {}, { FERROSERVE_AUTH: 'env:pw' }, { auth: { user: 'env', password: 'pw' } }],
    ['--auth beats FERROSERVE_AUTH', { auth: 'flag:pw' }, { FERROSERVE_AUTH: 'env:pw' }, { auth: { user: 'flag', password: 'pw' } }],
    ['--auth-writes-only', { auth: 'a:b', authWritesOnly: true }, {}, { authWritesOnly: true }],
    ['--log json', { log: 'json' }, {}, { log: 'json' }],
    ['--log-file relative', { logFile: 'access.log' }, {}, { logFile: '/work/access.log' }],
    ['--tls-cert with --tls-key', { tlsCert: 'c.pem', tlsKey: '/k.pem' }, {}, { tlsCert: '/work/c.pem', tlsKey: '/k.pem' }],
    ['--spa bare', { spa: true, directory: 'site' }, {}, { spa: 'index.html' }],
    ['--spa file', { spa: 'app/shell.html', directory: 'site' }, {}, { spa: 'app/shell.html' }],
  ])('%s', (_name, options, env, expected) => {
    expect(build(options, env)).toMatchObject(expected);
  });
});

describe('buildConfig: usage errors name the bad setting', () => {
  test.each<[RawOptions, NodeJS.ProcessEnv, RegExp]>([
    [{ port: 'abc' }, {}, /^--port must be a port number/],
    [{ port: '65536' }, {}, /^--port/],
    [{ port: '-1' }, {}, /^--port/],
    [{ port: '80.5' }, {}, /^--port/],
    [{}, { PORT: 'http' }, /^PORT must be a port number/],
    [{ parser: 'rust' }, {}, /^--parser must be "native" or "js"/],
    [{}, { FERROSERVE_PARSER: 'fast' }, /^FERROSERVE_PARSER must be/],
    [{ host: ' ' }, {}, /^--host must not be empty/],
    [{ directory: '' }, {}, /^--directory must not be empty/],
    [{ maxBody: '1.5m' }, {}, /^--max-body must be a number of bytes/],
    [{ maxBody: '99999999999g' }, {}, /^--max-body/],
    [{ maxBody: '-1' }, {}, /^--max-body/],
    [{ idleTimeout: '0' }, {}, /^--idle-timeout must be/],
    [{ headTimeout: '1s' }, {}, /^--head-timeout must be/],
    [{ shutdownGrace: '3s' }, {}, /^--shutdown-grace must be a number of milliseconds/],
    [{ sendTimeout: '0' }, {}, /^--send-timeout must be a number of milliseconds/],
    [{ workers: '0' }, {}, /^--workers must be/],
    [{ workers: 'many' }, {}, /^--workers must be/],
    [{ filesMount: 'files' }, {}, /^--files-mount must be a URL path/],
    [{ maxAge: '-1' }, {}, /^--max-age must be a number of seconds/],
    [{ maxAge: '1h' }, {}, /^--max-age must be a number of seconds/],
    [{ maxAge: '99999999' }, {}, /^--max-age must be a number of seconds/],
    [{ filesMount: '/files' }, {}, /^--files-mount must be a URL path/],
    [{ filesMount: '/a/../' }, {}, /^--files-mount must be a URL path/],
    [{ filesMount: '/a b/' }, {}, /^--files-mount must be a URL path/],
    [{ cors: 'https://a.example/' }, {}, /^--cors takes/],
    [{ cors: 'https://a.example,' }, {}, /^--cors takes/],
    [{ cors: 'a.example' }, {}, /^--cors takes/],
    [{ auth: 'user' }, {}, /^--auth must be user:password/],
    [{ auth: 'us\ter:pw' }, {}, /^--auth must be user:password/],
    [{}, { FERROSERVE_AUTH: 'nocolon' }, /^FERROSERVE_AUTH must be user:password/],
    [{ log: 'verbose' }, {}, /^--log must be/],
    [{ tlsKey: 'k.pem' }, {}, /^--tls-cert and --tls-key go together/],
    [{ spa: 'a/../b.html' }, {}, /^--spa must name a file/],
    [{ spa: 'a//b.html' }, {}, /^--spa must name a file/],
    [{ spa: true }, {}, /^--spa needs --directory/],
    [{ authWritesOnly: true }, {}, /^--auth-writes-only needs/],
  ])('%j %j', (options, env, message) => {
    expect(() => build(options, env)).toThrow(UsageError);
    expect(() => build(options, env)).toThrow(message);
  });
});
