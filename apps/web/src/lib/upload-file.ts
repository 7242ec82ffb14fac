import type { FileRecord } from '@studio/shared';
import { getToken } from '../trpc';

/**
 * Uploads one file to `POST /api/files` with the bytes sent reported as they go (fetch cannot
 * report an upload's progress; XMLHttpRequest can).
 */
export function uploadFile(
  file: File,
  options: { sessionId?: string; onProgress: (percent: number) => void },
): Promise<FileRecord> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/files');
    const token = getToken();
    if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () => {
      const body = request.response as (FileRecord & { error?: { message?: string } }) | null;
      if (request.status === 201 && body) resolve(body);
      else reject(new Error(body?.error?.message ?? `The upload was refused (${request.status}).`));
    };
    request.onerror = () => reject(new Error('The upload failed: the server could not be reached.'));
    const form = new FormData();
    if (options.sessionId) form.append('sessionId', options.sessionId);
    form.append('file', file, file.name);
    request.send(form);
  });
}
