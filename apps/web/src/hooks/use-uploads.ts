import { useCallback, useState } from 'react';
import { messageOf } from '../lib/errors';
import { trpc } from '../trpc';
import { useToast } from './use-toast';

/** A file still on its way to the server (before it has an id and shows up in the list). */
export interface PendingUpload {
  key: string;
  name: string;
  size: number;
}

/** Uploads files as FormData (one request each, in parallel) and tracks the ones in flight. */
export function useUploads(onUploaded: () => void) {
  const [pending, setPending] = useState<PendingUpload[]>([]);
  const utils = trpc.useUtils();
  const toast = useToast();
  const upload = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
        setPending((list) => [...list, { key, name: file.name, size: file.size }]);
        const form = new FormData();
        form.append('file', file, file.name);
        utils.client.files.upload
          .mutate(form)
          .then(() => onUploaded())
          .catch((error: unknown) => toast.show('error', `${file.name} was not accepted`, messageOf(error)))
          .finally(() => setPending((list) => list.filter((item) => item.key !== key)));
      }
    },
    [utils, toast, onUploaded],
  );
  return { pending, upload };
}
