import { getToken } from '../trpc';

/** Where a file's original bytes are served (`?download=1` asks for an attachment). */
export function contentUrl(fileId: string, download = false): string {
  return `/api/files/${encodeURIComponent(fileId)}/content${download ? '?download=1' : ''}`;
}

/** The original of a file, fetched with the saved API token (a plain link could not send it). */
export async function fetchFileContent(fileId: string, options: { download?: boolean; signal?: AbortSignal } = {}) {
  const token = getToken();
  const response = await fetch(contentUrl(fileId, options.download), {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    signal: options.signal,
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new Error(body?.error?.message ?? `The file could not be loaded (${response.status}).`);
  }
  return response;
}

/** Saves a file's original under its name, through the authenticated fetch. */
export async function downloadFile(fileId: string, name: string): Promise<void> {
  const response = await fetchFileContent(fileId, { download: true });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
