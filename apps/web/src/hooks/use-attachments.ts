import type { FileProgressEvent } from '@studio/shared';
import { useCallback, useState } from 'react';
import { uploadFile } from '../lib/upload-file';
import { trpc } from '../trpc';

/** A file attached in the composer: uploading, being read, ready to be asked about, or failed. */
export interface Attachment {
  key: string;
  name: string;
  fileId?: string;
  state: 'uploading' | 'processing' | 'ready' | 'failed';
  /** Upload bytes while uploading, then the file's ingestion progress. */
  progress: number;
  stage?: FileProgressEvent['stage'];
  error?: string;
}

/** Files attached to the next question: uploaded at once, followed through ingestion by `events.files`. */
export function useAttachments(sessionId?: string) {
  const [items, setItems] = useState<Attachment[]>([]);
  const update = useCallback(
    (match: (item: Attachment) => boolean, change: Partial<Attachment>) =>
      setItems((list) => list.map((item) => (match(item) ? { ...item, ...change } : item))),
    [],
  );
  trpc.events.files.useSubscription(
    {},
    {
      onData: ({ data }) =>
        update((item) => item.fileId === data.fileId && item.state !== 'failed', {
          state: data.status === 'completed' ? 'ready' : data.status === 'failed' ? 'failed' : 'processing',
          progress: data.progress,
          stage: data.stage,
          error: data.error?.message,
        }),
    },
  );
  const utils = trpc.useUtils();
  const attach = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
        setItems((list) => [...list, { key, name: file.name, state: 'uploading', progress: 0 }]);
        uploadFile(file, { sessionId, onProgress: (progress) => update((item) => item.key === key, { progress }) })
          .then(async (record) => {
            update((item) => item.key === key, { fileId: record.fileId, state: 'processing', progress: 0 });
            // An event may have come before the id was known: read the status once.
            const status = await utils.client.files.status.query({ fileId: record.fileId });
            update((item) => item.key === key && item.state === 'processing', {
              state: status.status === 'completed' ? 'ready' : status.status === 'failed' ? 'failed' : 'processing',
              progress: status.progress,
              stage: status.stage,
              error: status.error?.message,
            });
            void utils.files.list.invalidate();
          })
          .catch((error: unknown) =>
            update((item) => item.key === key, {
              state: 'failed',
              error: error instanceof Error ? error.message : String(error),
            }),
          );
      }
    },
    [sessionId, update, utils],
  );
  const remove = useCallback((key: string) => setItems((list) => list.filter((item) => item.key !== key)), []);
  const clear = useCallback(() => setItems([]), []);
  return { items, attach, remove, clear };
}
