import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding, type StaticServer, serveStatic } from '../../scripts/static-server.js';

/**
 * The start command's static server over real HTTP, on a built-app-like folder: what a browser and
 * Lighthouse see (compression, caching, a real robots.txt, 404s) and what a hostile path gets.
 */

const script = `export const greeting = ${JSON.stringify('hello '.repeat(2000))};\n`;
let server: StaticServer;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'pactline-static-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(root, 'assets', 'index-Bls9km80.js'), script);
  writeFileSync(join(root, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(root, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
  writeFileSync(join(root, 'icon-192.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  server = await serveStatic(root, '127.0.0.1', 0);
});

afterAll(() => server?.stop());

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** A raw request (fetch would decompress and hide what was sent). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolveReply, reject) => {
    const outgoing = request(`${server.url}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolveReply({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the static server', () => {
  it('compresses text as the browser accepts: brotli first, then gzip', async () => {
    const brotli = await get('/assets/index-Bls9km80.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(brotli.body).toString()).toBe(script);
    expect(brotli.body.length).toBeLessThan(script.length / 10);
    expect(brotli.headers.vary).toBe('Accept-Encoding');
    const gzip = await get('/assets/index-Bls9km80.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(script);
    const plain = await get('/assets/index-Bls9km80.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    // Images are compressed already.
    expect(
      (await get('/icon-192.png', { 'accept-encoding': 'br' })).headers['content-encoding'],
    ).toBeUndefined();
  });

  it('reads Accept-Encoding with its weights', () => {
    expect(pickEncoding('gzip, br;q=0')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('identity')).toBe('identity');
    expect(pickEncoding(undefined)).toBe('identity');
  });

  it('caches hashed assets for a year and revalidates the app shell with an ETag', async () => {
    const asset = await get('/assets/index-Bls9km80.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const shell = await get('/');
    expect(shell.headers['cache-control']).toBe('no-cache');
    expect(shell.body.toString()).toContain('<div id="app">');
    const etag = String(shell.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await get('/', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect((await get('/sw.js')).headers['cache-control']).toBe('no-cache');
  });

  it('answers /robots.txt with the file, an app route with the app, a missing file with 404', async () => {
    const robots = await get('/robots.txt');
    expect(robots.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(robots.body.toString()).toContain('User-agent: *');
    expect((await get('/dashboard')).body.toString()).toContain('<div id="app">');
    const missing = await get('/favicon.png');
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).not.toContain('<div id="app">');
  });

  it('refuses paths outside its folder, malformed paths and methods that write', async () => {
    // What was tried: an encoded climb out of the folder, a broken escape, a POST. Nothing leaks.
    const climb = await get('/..%2f..%2f..%2fetc%2fpasswd');
    expect(climb.body.toString()).not.toContain('root:');
    expect([200, 404]).toContain(climb.status);
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/', {}, 'POST')).status).toBe(405);
    const head = await get('/assets/index-Bls9km80.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(script.length);
  });
});
