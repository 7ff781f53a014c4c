// The framing rules (src/http/framing.ts) as rendered bytes: every status class × HEAD/GET ×
// body kind × HTTP/1.0/1.1, through the Renderer with each wire's writer, body sources drained.
import { describe, expect, test } from 'vitest';
import { ChunkedSink, LAST_CHUNK } from '../../src/http/chunked-out.js';
import { Responses } from '../../src/http/compiled.js';
import { CLOSE, KEEP_ALIVE, KEEP_ALIVE_HTTP10, type ConnMode } from '../../src/http/conn-mode.js';
import { frame } from '../../src/http/framing.js';
import type { BodySource, ByteSink, PlanBody, ResponsePlan } from '../../src/http/plan.js';
import { INLINE_BODY_LIMIT, JOINED_BODY_LIMIT, Renderer } from '../../src/http/render.js';
import { jsWire } from '../../src/wire/js/index.js';
import { tryLoadNative } from '../../src/wire/native.js';
import type { Wire } from '../../src/wire/types.js';

const native = tryLoadNative();
const wires: Wire[] = native.ok ? [jsWire, native.wire] : [jsWire];

/** A source that writes `pieces` one by one and records whether it was disposed. */
function source(pieces: string[]): BodySource & { disposed: boolean } {
  return {
    disposed: false,
    pipeTo(out, done) {
      for (const piece of pieces) out.write(Buffer.from(piece, 'latin1'));
      done(true);
    },
    dispose() {
      this.disposed = true;
    },
  };
}

/** Collects what a source writes. */
function collector(): ByteSink & { text: string } {
  return {
    text: '',
    destroyed: false,
    write(bytes) {
      this.text += bytes.toString('latin1');
      return true;
    },
    once: () => undefined,
    off: () => undefined,
  };
}

type BodyKind = 'none' | 'bytes' | 'sized' | 'stream';

function body(kind: BodyKind): { body: PlanBody; source: ReturnType<typeof source> | null } {
  switch (kind) {
    case 'none':
      return { body: { kind: 'none' }, source: null };
    case 'bytes':
      return { body: { kind: 'bytes', bytes: Buffer.from('hello', 'latin1') }, source: null };
    case 'sized': {
      const s = source(['hel', 'lo']);
      return { body: { kind: 'sized', length: 5, source: s }, source: s };
    }
    case 'stream': {
      const s = source(['hel', 'lo']);
      return { body: { kind: 'stream', source: s }, source: s };
    }
  }
}

/** Renders and drains: the bytes a client would receive, and whether the connection then closes. */
function wireBytes(wire: Wire, plan: ResponsePlan, head: boolean, minor: number, mode: ConnMode): { text: string; mode: ConnMode } {
  const write = wire.writeResponse.bind(wire);
  const rendered = new Renderer(write, null).render(plan, { head, minor }, mode);
  if (rendered.kind === 'bytes') return { text: rendered.bytes.toString('latin1'), mode: rendered.mode };
  if (rendered.kind === 'parts') return { text: rendered.head.toString('latin1') + rendered.body.toString('latin1'), mode: rendered.mode };
  const out = collector();
  rendered.source.pipeTo(rendered.chunked ? new ChunkedSink(out) : out, () => undefined);
  const tail = rendered.chunked ? LAST_CHUNK.toString('latin1') : '';
  return { text: rendered.head.toString('latin1') + out.text + tail, mode: rendered.mode };
}

const H = (status: string, ...lines: string[]) => `HTTP/1.1 ${status}\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`;
const CT = 'Content-Type: text/plain';

// [status, method, body kind, version minor, expected bytes, expected mode after]
type Row = [number, 'GET' | 'HEAD', BodyKind, 0 | 1, string, ConnMode];
const ROWS: Row[] = [
  // 200: Content-Length when the length is known, chunked on 1.1 and close-delimited on 1.0 when not.
  [200, 'GET', 'none', 1, H('200 OK', CT, 'Content-Length: 0'), KEEP_ALIVE],
  [200, 'GET', 'bytes', 1, `${H('200 OK', CT, 'Content-Length: 5')}hello`, KEEP_ALIVE],
  [200, 'GET', 'sized', 1, `${H('200 OK', CT, 'Content-Length: 5')}hello`, KEEP_ALIVE],
  [200, 'GET', 'stream', 1, `${H('200 OK', CT, 'Transfer-Encoding: chunked')}3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n`, KEEP_ALIVE],
  [200, 'GET', 'stream', 0, `${H('200 OK', CT, 'Connection: close')}hello`, CLOSE],
  [200, 'GET', 'bytes', 0, `${H('200 OK', CT, 'Content-Length: 5')}hello`, KEEP_ALIVE],
  // HEAD: the GET's fields (its Content-Length when known), never a body, never chunked framing.
  [200, 'HEAD', 'none', 1, H('200 OK', CT, 'Content-Length: 0'), KEEP_ALIVE],
  [200, 'HEAD', 'bytes', 1, H('200 OK', CT, 'Content-Length: 5'), KEEP_ALIVE],
  [200, 'HEAD', 'sized', 1, H('200 OK', CT, 'Content-Length: 5'), KEEP_ALIVE],
  [200, 'HEAD', 'stream', 1, H('200 OK', CT), KEEP_ALIVE],
  [200, 'HEAD', 'stream', 0, H('200 OK', CT), KEEP_ALIVE],
  // 201 and 4xx carry content like 200.
  [201, 'GET', 'none', 1, H('201 Created', CT, 'Content-Length: 0'), KEEP_ALIVE],
  [404, 'GET', 'bytes', 0, `${H('404 Not Found', CT, 'Content-Length: 5')}hello`, KEEP_ALIVE],
  [416, 'HEAD', 'none', 1, H('416 Range Not Satisfiable', CT, 'Content-Length: 0'), KEEP_ALIVE],
  // 204 and 304: no Content-Length, no Transfer-Encoding, no body, whatever the plan holds (RFC 9110 §8.6, §15.4.5).
  [204, 'GET', 'none', 1, H('204 No Content', CT), KEEP_ALIVE],
  [204, 'GET', 'bytes', 1, H('204 No Content', CT), KEEP_ALIVE],
  [204, 'GET', 'sized', 0, H('204 No Content', CT), KEEP_ALIVE],
  [204, 'HEAD', 'stream', 1, H('204 No Content', CT), KEEP_ALIVE],
  [304, 'GET', 'none', 1, H('304 Not Modified', CT), KEEP_ALIVE],
  [304, 'GET', 'sized', 1, H('304 Not Modified', CT), KEEP_ALIVE],
  [304, 'HEAD', 'bytes', 0, H('304 Not Modified', CT), KEEP_ALIVE],
  [304, 'GET', 'stream', 0, H('304 Not Modified', CT), KEEP_ALIVE],
  // 1xx: no content either.
  [100, 'GET', 'bytes', 1, H('100 Continue', CT), KEEP_ALIVE],
];

describe.each(wires.map((wire) => [wire.name, wire] as const))('framing on the wire (%s writer)', (_name, wire) => {
  test.each(ROWS)('%i %s %s body on HTTP/1.%i', (status, method, kind, minor, expected, modeAfter) => {
    const { body: planBody, source: planSource } = body(kind);
    const plan: ResponsePlan = { status, headers: ['Content-Type', 'text/plain'], body: planBody };
    const result = wireBytes(wire, plan, method === 'HEAD', minor, KEEP_ALIVE);
    expect(result.text).toBe(expected);
    expect(result.mode).toBe(modeAfter);
    // A source whose body is not sent is released at once (a file handle is closed).
    const sendsBody = method === 'GET' && status >= 200 && status !== 204 && status !== 304;
    if (planSource !== null) expect(planSource.disposed).toBe(!sendsBody);
  });

  test.each(ROWS)('%i %s %s body on HTTP/1.%i: a compiled head frames the same', (status, method, kind, minor, expected, modeAfter) => {
    const write = wire.writeResponse.bind(wire);
    const template = new Responses(write, null).head(status, ['Content-Type', 'text/plain']);
    const plan: ResponsePlan = { status, headers: template, body: body(kind).body };
    const result = wireBytes(wire, plan, method === 'HEAD', minor, KEEP_ALIVE);
    expect(result.text).toBe(expected);
    expect(result.mode).toBe(modeAfter);
  });

  test.each([
    ['a field list', false, INLINE_BODY_LIMIT + 1, 'parts'],
    ['a compiled head', true, INLINE_BODY_LIMIT + 1, 'parts'],
    ['a field list', false, INLINE_BODY_LIMIT, 'bytes'],
    ['a compiled head', true, INLINE_BODY_LIMIT, 'bytes'],
  ] as const)('a body in memory with %s, %i bytes, renders as %s, framed the same', (_name, compiled, size, kind) => {
    const content = Buffer.alloc(size, 0x61);
    const fields = ['Content-Type', 'text/plain'];
    const write = wire.writeResponse.bind(wire);
    const headers = compiled ? new Responses(write, null).head(200, fields) : fields;
    const plan: ResponsePlan = { status: 200, headers, body: { kind: 'bytes', bytes: content } };
    const rendered = new Renderer(write, null).render(plan, { head: false, minor: 1 }, KEEP_ALIVE);
    expect(rendered.kind).toBe(kind);
    // Over the limit the body is the very Buffer planned (not copied), after its head.
    if (rendered.kind === 'parts') expect(rendered.body).toBe(content);
    expect(wireBytes(wire, plan, false, 1, KEEP_ALIVE).text).toBe(`${H('200 OK', CT, `Content-Length: ${size}`)}${'a'.repeat(size)}`);
  });

  test.each([
    [JOINED_BODY_LIMIT, 'bytes', 1],
    [JOINED_BODY_LIMIT + 1, 'parts', 0],
  ] as const)('a body of %i bytes with a memo renders as %s (the memo asked %i times)', (size, kind, asked) => {
    const content = Buffer.alloc(size, 0x62);
    const write = wire.writeResponse.bind(wire);
    const template = new Responses(write, null).head(200, ['Content-Type', 'text/plain']);
    let calls = 0;
    const memo = {
      response: (head: typeof template, mode: number): Buffer => {
        calls++;
        return head.bytes(mode, content.length, content);
      },
    };
    const plan: ResponsePlan = { status: 200, headers: template, body: { kind: 'bytes', bytes: content, memo } };
    const rendered = new Renderer(write, null).render(plan, { head: false, minor: 1 }, KEEP_ALIVE);
    expect(rendered.kind).toBe(kind);
    expect(calls).toBe(asked);
    const text = rendered.kind === 'bytes' ? rendered.bytes.toString('latin1') : rendered.kind === 'parts' ? rendered.head.toString('latin1') + rendered.body.toString('latin1') : '';
    expect(text).toBe(`${H('200 OK', CT, `Content-Length: ${size}`)}${'b'.repeat(size)}`);
  });

  test.each<[ConnMode, string]>([
    [KEEP_ALIVE, ''],
    [KEEP_ALIVE_HTTP10, 'Connection: keep-alive\r\n'],
    [CLOSE, 'Connection: close\r\n'],
  ])('the renderer adds Connection from the mode (%i)', (mode, line) => {
    const plan: ResponsePlan = { status: 204, headers: [], body: { kind: 'none' } };
    expect(wireBytes(wire, plan, false, 1, mode).text).toBe(`HTTP/1.1 204 No Content\r\n${line}\r\n`);
  });

  test('PUT that replaced a file: 204 from the shared empty plan, no Content-Length', () => {
    const write = wire.writeResponse.bind(wire);
    const responses = new Responses(write, null);
    expect(wireBytes(wire, responses.emptyPlan(204), false, 1, KEEP_ALIVE).text).toBe('HTTP/1.1 204 No Content\r\n\r\n');
    expect(wireBytes(wire, responses.emptyPlan(201), false, 1, KEEP_ALIVE).text).toBe('HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n');
  });
});

describe('frame(): the rule itself', () => {
  test.each<[number, boolean, number, number, string]>([
    [100, false, 1, 10, 'bodiless'],
    [199, true, 1, -1, 'bodiless'],
    [200, false, 1, 10, 'length'],
    [200, true, 1, 10, 'length'],
    [200, false, 1, -1, 'chunked'],
    [200, false, 0, -1, 'until-close'],
    [200, true, 1, -1, 'head-unknown'],
    [200, true, 0, -1, 'head-unknown'],
    [204, false, 1, 0, 'bodiless'],
    [205, false, 1, 0, 'length'],
    [304, false, 1, 10, 'bodiless'],
    [500, false, 0, 0, 'length'],
  ])('status %i, HEAD %s, HTTP/1.%i, length %i -> %s', (status, head, minor, length, kind) => {
    expect(frame(status, head, minor, length).kind).toBe(kind);
  });

  test('a HEAD of known length keeps its Content-Length but sends no body', () => {
    expect(frame(200, true, 1, 10)).toEqual({ kind: 'length', length: 10, sendBody: false });
  });
});
