import { useCallback, useState } from 'react';
import { messageOf } from '../lib/errors';
import { uploadFile } from '../lib/upload-file';
import { useToast } from './use-toast';

/** A file still on its way to the server (before it has an id and shows up in the list). */
export interface PendingUpload {
  key: string;
  name: string;
  size: number;
  /** Bytes sent so far, as a percentage. */
  percent: number;
}

/** Uploads files (one request each, in parallel), reporting the bytes sent, and tracks the ones in flight. */
export function useUploads(onUploaded: () => void) {
  const [pending, setPending] = useState<PendingUpload[]>([]);
  const toast = useToast();
  const upload = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
        setPending((list) => [...list, { key, name: file.name, size: file.size, percent: 0 }]);
        uploadFile(file, {
          onProgress: (percent) =>
            setPending((list) => list.map((item) => (item.key === key ? { ...item, percent } : item))),
        })
          .then(() => onUploaded())
          .catch((error: unknown) => toast.show('error', `${file.name} was not accepted`, messageOf(error)))
          .finally(() => setPending((list) => list.filter((item) => item.key !== key)));
      }
    },
    [toast, onUploaded],
  );
  return { pending, upload };
}
