import { buildPdf } from '@studio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from './raw-transport';
import { startTestStudio, uploadFile, type TestStudio } from './helpers';

const TOKEN = 'content-test-token';
const auth = { Authorization: `Bearer ${TOKEN}` };
let app: TestStudio;

beforeAll(async () => {
  app = await startTestStudio({ token: TOKEN });
});

afterAll(async () => {
  await app?.close();
});

function content(fileId: string, headers: Record<string, string> = {}, query = '') {
  return fetch(`${app.url}/api/files/${encodeURIComponent(fileId)}/content${query}`, {
    headers: { ...auth, ...headers },
  });
}

describe('GET /api/files/:fileId/content', () => {
  it('streams the exact original with its detected type, length, inline name and nosniff', async () => {
    const pdf = buildPdf([{ lines: ['Page one.'] }, { lines: ['Page two.'] }]);
    const record = await uploadFile(app.url, 'Rapport d’été "final".pdf', pdf, TOKEN);
    const response = await content(record.fileId);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-length')).toBe(String(pdf.byteLength));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-disposition')).toBe(
      `inline; filename="Rapport d__t_ _final_.pdf"; filename*=UTF-8''Rapport%20d%E2%80%99%C3%A9t%C3%A9%20%22final%22.pdf`,
    );
    const download = await content(record.fileId, {}, '?download=1');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
    await download.arrayBuffer();
  });

  it('answers byte ranges with 206 and Content-Range, and an impossible one with 416', async () => {
    const text = 'abcdefghijklmnopqrstuvwxyz';
    const record = await uploadFile(app.url, 'letters.txt', text, TOKEN);

    const middle = await content(record.fileId, { Range: 'bytes=2-5' });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe(`bytes 2-5/${text.length}`);
    expect(middle.headers.get('content-length')).toBe('4');
    expect(await middle.text()).toBe('cdef');

    const suffix = await content(record.fileId, { Range: 'bytes=-3' });
    expect(await suffix.text()).toBe('xyz');
    const open = await content(record.fileId, { Range: 'bytes=20-' });
    expect(await open.text()).toBe('uvwxyz');

    const head = await fetch(`${app.url}/api/files/${record.fileId}/content`, { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(text.length));
    expect(await head.text()).toBe('');

    const beyond = await content(record.fileId, { Range: 'bytes=100-200' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${text.length}`);

    // A stale If-Range gets the whole file, as RFC 9110 says.
    const stale = await content(record.fileId, { Range: 'bytes=0-1', 'If-Range': '"another"' });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe(text);
  });

  it('needs the token, refuses a foreign Host, and answers an unknown id with a JSON 404', async () => {
    const record = await uploadFile(app.url, 'secret.txt', 'classified', TOKEN);
    const anonymous = await fetch(`${app.url}/api/files/${record.fileId}/content`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });

    const { port } = new URL(app.url);
    const rebound = await rawRequest(app.url, {
      path: `/api/files/${record.fileId}/content`,
      headers: { ...auth, Host: `attacker.example:${port}` },
    });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain('classified');

    const missing = await content('no-such-file');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'FILE_NOT_FOUND', message: expect.any(String) } });
  });

  it('serves an uploaded web page sandboxed, so it runs no script with the studio origin', async () => {
    const record = await uploadFile(
      app.url,
      'page.html',
      '<!doctype html><html><body><script>fetch("/trpc/config.get")</script><p>Hello</p></body></html>',
      TOKEN,
    );
    const response = await content(record.fileId);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('content-security-policy')).toBe('sandbox');
    await response.text();
  });

  it('keeps the original after ingestion and removes it with files.delete', async () => {
    const record = await uploadFile(app.url, 'kept.txt', 'kept after ingestion', TOKEN);
    const { trpc } = app.client({ token: TOKEN });
    await app.studio.files.whenIdle();
    expect((await trpc.files.status.query({ fileId: record.fileId })).status).toBe('completed');
    expect(await (await content(record.fileId)).text()).toBe('kept after ingestion');
    await trpc.files.delete.mutate({ fileId: record.fileId });
    expect((await content(record.fileId)).status).toBe(404);
  });
});
