// Preloaded into every server under test (node --expose-gc --import this file), for the idle
// case only: on SIGUSR2 the process runs a full garbage collection, so that resident memory read
// just after it counts what idle connections keep alive, not garbage left by earlier load.
// It touches nothing else; the same hook is loaded into ferroserve and the node:http anchor.
process.on('SIGUSR2', () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
});
