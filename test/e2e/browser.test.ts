/**
 * The listing page in a real browser: playwright-core driving the system's Chromium
 * (`/usr/bin/chromium`, installed by .ci/run with apt; `CHROMIUM` overrides the path), headless.
 * Once per parser: upload two files through the picker and see their progress finish and their
 * rows appear, download one and compare its bytes, create a folder, delete a file after the
 * confirmation, sort and filter; hostile names render as text and their links work; without
 * JavaScript the plain form uploads and the listing comes back. Every wait is bounded.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PARSERS, serveFixture } from './harness.js';

const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Every wait in the page: long enough for a loaded CI machine, short enough to fail clearly. */
const WAIT_MS = 10_000;

describe.each(PARSERS)('the listing page in Chromium (%s)', (parser) => {
  const suite = serveFixture(parser, { args: ['--allow-delete'] });
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const errors: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ['--no-sandbox'], timeout: 30_000 });
    context = await browser.newContext({ acceptDownloads: true });
    context.setDefaultTimeout(WAIT_MS);
    page = await context.newPage();
    // A CSP violation or a script error is a failure of the page.
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
  }, 40_000);
  afterAll(async () => {
    await browser?.close();
  }, 15_000);

  const open = (): Page => {
    if (page === undefined) throw new Error('the browser did not start (beforeAll failed?)');
    return page;
  };
  const base = () => `http://127.0.0.1:${suite.port}`;
  const row = (p: Page, name: string) => p.locator('#rows tr').filter({ has: p.getByRole('link', { name, exact: true }) });

  test('the front page lists the directory; the script runs under the CSP without errors', async () => {
    const p = open();
    const response = await p.goto(`${base()}/`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => p.locator('th[data-key] button.sort').count(), { timeout: WAIT_MS }).toBe(3);
    await expect.poll(() => row(p, 'hello.txt').count(), { timeout: WAIT_MS }).toBe(1);
    expect(await p.locator('#filter').isVisible()).toBe(true);
    expect(errors).toEqual([]);
  }, 30_000);

  test('hostile names render as text and their links serve the files', async () => {
    const p = open();
    await p.goto(`${base()}/files/`);
    for (const name of ['<b>bold.txt', 'a#b.txt', '100%.txt', 'été ünïcødé ✓.txt']) {
      const link = p.getByRole('link', { name, exact: true });
      await expect.poll(() => link.count(), { timeout: WAIT_MS }).toBe(1);
      expect(await link.textContent()).toBe(name);
      const href = await link.getAttribute('href');
      const served = await p.request.get(`${base()}${href}`);
      expect(served.status()).toBe(200);
      expect(Buffer.from(await served.body())).toEqual(suite.fixture.files.get(name));
    }
    // No markup from a name reached the document.
    expect(await p.locator('#rows b').count()).toBe(0);
  }, 30_000);

  test('two files through the picker: progress finishes, rows appear, one downloads byte for byte', async () => {
    const p = open();
    await p.goto(`${base()}/files/sub/`);
    const first = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256));
    const second = Buffer.from('second file ✓\n');
    await p.locator('#picker').setInputFiles([
      { name: 'first.bin', mimeType: 'application/octet-stream', buffer: first },
      { name: 'second <i>.txt', mimeType: 'text/plain', buffer: second },
    ]);
    await expect.poll(() => p.locator('#transfers li[data-state="done"]').count(), { timeout: WAIT_MS }).toBe(2);
    for (const bar of await p.locator('#transfers progress').all()) {
      expect(await bar.evaluate((node: HTMLProgressElement) => node.value === node.max)).toBe(true);
    }
    await expect.poll(() => row(p, 'first.bin').count(), { timeout: WAIT_MS }).toBe(1);
    await expect.poll(() => row(p, 'second <i>.txt').count(), { timeout: WAIT_MS }).toBe(1);
    // Buffer#equals: a deep comparison of 300 kB element by element would take seconds.
    expect((await readFile(path.join(suite.fixture.served, 'sub', 'first.bin'))).equals(first)).toBe(true);
    expect(await readFile(path.join(suite.fixture.served, 'sub', 'second <i>.txt'))).toEqual(second);

    const downloading = p.waitForEvent('download', { timeout: WAIT_MS });
    await p.getByRole('link', { name: 'Download first.bin', exact: true }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('first.bin');
    expect((await readFile(await download.path())).equals(first)).toBe(true);
  }, 30_000);

  test('a file dropped on the page is uploaded; an upload cancelled leaves nothing', async () => {
    const p = open();
    await p.goto(`${base()}/files/sub/`);
    await p.evaluate(() => {
      const dropped = new DataTransfer();
      dropped.items.add(new File(['dropped ✓\n'], 'dropped.txt', { type: 'text/plain' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => row(p, 'dropped.txt').count(), { timeout: WAIT_MS }).toBe(1);
    expect(await readFile(path.join(suite.fixture.served, 'sub', 'dropped.txt'), 'utf8')).toBe('dropped ✓\n');

    // Large enough that it is still being sent when Cancel is pressed.
    await p.evaluate(() => {
      const dropped = new DataTransfer();
      dropped.items.add(new File([new Uint8Array(300 * 1024 * 1024)], 'cancelled.bin'));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    });
    await p.getByRole('button', { name: 'Cancel the upload of cancelled.bin', exact: true }).click();
    await expect.poll(() => p.locator('#transfers li[data-state="cancelled"]').count(), { timeout: WAIT_MS }).toBe(1);
    // Neither the file nor a temporary file stays (the server deletes it once the connection is gone).
    const inSub = async () => (await readdir(path.join(suite.fixture.served, 'sub'))).filter((name) => name === 'cancelled.bin' || name.startsWith('.ferroserve-upload-'));
    await expect.poll(inSub, { timeout: WAIT_MS }).toEqual([]);
  }, 30_000);

  test('create a folder, then delete a file after confirming', async () => {
    const p = open();
    await p.goto(`${base()}/files/numbers/`);
    await p.getByLabel('New folder').fill('made in the browser');
    await p.getByRole('button', { name: 'Create folder' }).click();
    await expect.poll(() => row(p, 'made in the browser/').count(), { timeout: WAIT_MS }).toBe(1);
    expect(await p.locator('#status').textContent()).toContain('Created the folder');

    const dialogs: string[] = [];
    p.once('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await p.getByRole('button', { name: 'Delete 9.txt', exact: true }).click();
    await expect.poll(() => row(p, '9.txt').count(), { timeout: WAIT_MS }).toBe(0);
    expect(dialogs).toEqual(['confirm']);
    await expect(readFile(path.join(suite.fixture.served, 'numbers', '9.txt'))).rejects.toThrow();
  }, 30_000);

  test('sort by size and filter by name', async () => {
    const p = open();
    await p.goto(`${base()}/files/`);
    await expect.poll(() => row(p, 'big.bin').count(), { timeout: WAIT_MS }).toBe(1);
    const bySize = p.locator('th[data-key="size"] button');
    await bySize.click();
    await bySize.click();
    expect(await p.locator('th[data-key="size"]').getAttribute('aria-sort')).toBe('descending');
    // Folders first, then the largest file.
    const names = await p.locator('#rows tr td.name a').allTextContents();
    const firstFile = names.find((name) => !name.endsWith('/'));
    expect(firstFile).toBe('big.bin');
    await p.getByLabel('Filter').fill('ORANGE');
    await expect.poll(() => p.locator('#rows tr td.name a').allTextContents(), { timeout: WAIT_MS }).toEqual(['orange_mango_grape']);
  }, 30_000);

  test('without JavaScript: the plain form uploads and the listing comes back with the file', async () => {
    if (browser === undefined) throw new Error('the browser did not start');
    const plain = await browser.newContext({ javaScriptEnabled: false });
    try {
      plain.setDefaultTimeout(WAIT_MS);
      const p = await plain.newPage();
      await p.goto(`${base()}/files/numbers/a%20b/`);
      expect(await p.locator('#filter').isVisible()).toBe(false);
      await p.locator('#picker').setInputFiles({ name: 'no script.txt', mimeType: 'text/plain', buffer: Buffer.from('sent by a plain form\n') });
      const [response] = await Promise.all([p.waitForNavigation({ timeout: WAIT_MS }), p.getByRole('button', { name: 'Upload', exact: true }).click()]);
      expect(response?.url()).toBe(`${base()}/files/numbers/a%20b/`);
      expect(await p.getByRole('link', { name: 'no script.txt', exact: true }).count()).toBe(1);
      expect(await readFile(path.join(suite.fixture.served, 'numbers', 'a b', 'no script.txt'), 'utf8')).toBe('sent by a plain form\n');
    } finally {
      await plain.close();
    }
  }, 30_000);

  test('no errors were logged by any page', () => {
    expect(errors).toEqual([]);
  });
});
