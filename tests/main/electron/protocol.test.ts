/**
 * The app:// handler (pure Node: Request → Response): the renderer's files with the CSP
 * header, client routes to index.html, stored sheets and print jobs as PDFs — and nothing
 * outside the renderer folder, no other host, no method but GET/HEAD.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, routeAppRequest } from '../../../main/electron/protocol';
import { contentSecurityPolicy, parseCsp } from '../../../main/electron/security';
import { closeAllJournals, stationJournal } from '../../../main/services/journal';
import type { ImportedPackage } from '../../../shared/bridge/StationBridge';

const root = mkdtempSync(join(tmpdir(), 'protocol-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const rendererDir = join(root, 'renderer');
const dataDir = join(root, 'data');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
mkdirSync(join(dataDir, 'sheets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>station</title>');
writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(join(root, 'secret.txt'), 'secret');
symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
const SHEET = `${'a'.repeat(64)}.pdf`;
writeFileSync(join(dataDir, 'sheets', SHEET), '%PDF-1.7 sheet');
const printJobs = new Map([['tok_abcdefghijklmnop', new Uint8Array(Buffer.from('%PDF-1.7 job'))]]);
const handle = createAppProtocolHandler({ rendererDir, dataDir, printJobs });
const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('app:// handler: connect-src', () => {
  it('names only the imported package\'s district server, read at each page load', async () => {
    const folder = join(root, 'district-data');
    const pages = createAppProtocolHandler({ rendererDir, dataDir: folder });
    const connect = async () => parseCsp((await pages(new Request('app://station/'))).headers.get('content-security-policy') ?? '').get('connect-src');
    expect(await connect()).toEqual(["'self'"]);
    const imported = { electionHash: 'e'.repeat(64), package: { election: { id: 'E1' }, districtServer: 'https://district.example:8443/sync/' } } as unknown as ImportedPackage;
    await stationJournal(folder).markElection(imported);
    await closeAllJournals();
    expect(await connect()).toEqual(["'self'", 'https://district.example:8443']);
  });
});

describe('app:// handler', () => {
  it('serves index.html with the CSP, at / and for client routes; assets with their type', async () => {
    for (const url of ['app://station/', 'app://station/index.html', 'app://station/projector', 'app://station/index.html?x=1#/projector']) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      // No package imported yet: the page may connect to nothing but the app.
      expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ connect: [] }));
      expect(await response.text()).toContain('<title>station</title>');
    }
    const script = await get('app://station/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBeNull();
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await script.text()).toBe('console.log(1)');
    const head = await get('app://station/assets/index-abc.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('a missing asset is a 404, not the page', async () => {
    expect((await get('app://station/assets/missing.js')).status).toBe(404);
  });

  it('never leaves the renderer folder', async () => {
    for (const url of [
      'app://station/../secret.txt',
      'app://station/%2e%2e/secret.txt',
      'app://station/assets/%2e%2e/%2e%2e/secret.txt',
      'app://station/assets/..%2f..%2fsecret.txt',
      'app://station/assets/..%5c..%5csecret.txt',
      'app://station/assets/link.txt',
      'app://station/C:/Windows/win.ini',
      'app://station/%00',
    ]) {
      const response = await get(url);
      expect([400, 404], url).toContain(response.status);
      expect(await response.text(), url).not.toContain('secret');
    }
  });

  it('serves stored sheets and print jobs as PDFs, nothing else from the data folder', async () => {
    const sheet = await get(`app://station/sheets/${SHEET}`);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toBe('application/pdf');
    expect(await sheet.text()).toBe('%PDF-1.7 sheet');
    // The app's own page shows it in its sheet preview frame; no other page may frame it.
    expect(sheet.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(parseCsp(sheet.headers.get('content-security-policy') ?? '').get('frame-ancestors')).toEqual(["'self'"]);
    expect(parseCsp((await get('app://station/')).headers.get('content-security-policy') ?? '').get('frame-src')).toEqual(["'self'"]);
    expect((await get('app://station/sheets/station-key.json')).status).toBe(404);
    expect((await get(`app://station/sheets/${'b'.repeat(64)}.pdf`)).status).toBe(404);
    expect((await get('app://station/sheets/../station-key.json')).status).not.toBe(200);
    const job = await get('app://station/print/tok_abcdefghijklmnop.pdf');
    expect(await job.text()).toBe('%PDF-1.7 job');
    expect(job.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect((await get('app://station/print/unknown_token_12345.pdf')).status).toBe(404);
    expect((await get('app://station/print/short.pdf')).status).toBe(404);
  });

  it('refuses other hosts and methods', async () => {
    expect((await get('app://other/index.html')).status).toBe(403);
    expect((await get('app://station/index.html', 'POST')).status).toBe(405);
    expect(routeAppRequest('https://station/index.html')).toMatchObject({ kind: 'refused', status: 403 });
    expect(routeAppRequest('app://station/index.html')).toEqual({ kind: 'file', segments: ['index.html'] });
  });
});
