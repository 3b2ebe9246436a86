// The attack on a real socket: an anonymous 800 MB POST /login, chunked and with a declared length, to
// the server as it runs (@hono/node-server). The answer is 413 after a few hundred KB at most, not 800 MB later.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokens } from '../../src/auth/roles.ts';
import { serveApp } from '../e2e/browser.ts';
import { cleanupTempDirs, seedAppDeps } from '../helpers.ts';

const ATTACK = 800 * 1024 * 1024;
let server: { url: string; close: () => Promise<void> };
let close: () => Promise<void>;

beforeAll(async () => {
  const deps = await seedAppDeps();
  close = deps.close;
  server = await serveApp({
    ...deps,
    evalCasesDir: `${deps.dir}/cases`,
    tokens: parseTokens('admin:admin-token-0123456789'),
  });
});
afterAll(async () => {
  await server?.close();
  await close?.();
  cleanupTempDirs();
});

/**
 * Sends POST /login with up to `total` bytes of body (64 KB writes, waiting for the socket to drain) and stops as
 * soon as the server answers or hangs up. Returns the status line and how many body bytes the socket took.
 */
function attack(framing: 'chunked' | 'length', total = ATTACK): Promise<{ status: string; sent: number }> {
  const { hostname, port } = new URL(server.url);
  const piece = Buffer.alloc(64 * 1024, 'a');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let sent = 0;
    let answer = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ status: answer.split('\r\n')[0], sent });
    };
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n\r\n')) finish();
    });
    socket.on('close', finish);
    socket.on('error', (e) => (done ? undefined : answer ? finish() : reject(e)));
    socket.on('connect', async () => {
      const length = framing === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${total}`;
      socket.write(
        `POST /login HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n${length}\r\n\r\n`,
      );
      while (!done && sent < total) {
        const frame =
          framing === 'chunked'
            ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
            : piece;
        sent += piece.length;
        if (!socket.write(frame))
          await new Promise<void>((r) => socket.once('drain', () => r()).once('close', () => r()));
      }
    });
  });
}

describe('an anonymous 800 MB POST /login on a real socket', () => {
  it('chunked: 413 while the client is still sending, a tiny fraction read, memory flat', async () => {
    const rss = process.memoryUsage().rss;
    const { status, sent } = await attack('chunked');
    expect(status).toBe('HTTP/1.1 413 Payload Too Large');
    expect(sent).toBeLessThan(16 * 1024 * 1024);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
    // and the server goes on answering
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('with a declared Content-Length of 800 MB: 413 at once, from the header alone', async () => {
    const { status, sent } = await attack('length');
    expect(status).toBe('HTTP/1.1 413 Payload Too Large');
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  });
});
