import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStudio, type TestStudio } from './helpers';

describe('upload limits against a slow trickle of bytes', () => {
  let app: TestStudio;
  beforeAll(async () => {
    app = await startTestStudio();
    await app.client().trpc.config.update.mutate({ section: 'context', values: { max_file_size_mb: 0.02 } });
  });
  afterAll(() => app.close());

  it('answers 413 as soon as the trickle passes the limit, while other requests are served', async () => {
    const { port } = new URL(app.url);
    const boundary = '----trickle';
    const status = new Promise<number>((resolve, reject) => {
      const upload = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/files',
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
          upload.destroy();
        },
      );
      upload.on('error', (error) => (upload.destroyed ? undefined : reject(error)));
      upload.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.txt"\r\nContent-Type: text/plain\r\n\r\n`,
      );
      let sent = 0;
      const drip = () => {
        if (upload.destroyed) return;
        upload.write('a'.repeat(1024));
        sent += 1;
        // The limit is about 20 KB (plus 64 KB multipart slack); keep going well past it, never ending the body.
        if (sent < 400) setTimeout(drip, 2);
      };
      drip();
    });
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await status).toBe(413);
    const { items } = await app.client().trpc.files.list.query({});
    expect(items).toEqual([]);
  });

  it('refuses a tRPC FormData upload over the limit before reading it, and a body of unstated length', async () => {
    const { trpc } = app.client();
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(200 * 1024, 0x61)]), 'big.txt');
    await expect(trpc.files.upload.mutate(form)).rejects.toMatchObject({
      data: { code: 'PAYLOAD_TOO_LARGE', domainCode: 'FILE_TOO_LARGE' },
    });
    const { port } = new URL(app.url);
    const status = await new Promise<number>((resolve, reject) => {
      const upload = request(
        {
          host: '127.0.0.1',
          port,
          path: '/trpc/files.upload',
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      upload.on('error', reject);
      upload.write('--x\r\n');
    });
    expect(status).toBe(411);
    expect((await trpc.files.list.query({})).items).toEqual([]);
  });
});
