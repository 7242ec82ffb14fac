import type { FileProgressEvent, FileRecord } from '@studio/shared';
import { useCallback, useState } from 'react';
import { trpc } from '../trpc';

const TERMINAL = new Set(['completed', 'failed']);

/**
 * Live progress of every file from `events.files`. The newest event wins over a listed record,
 * except that a finished record (after a refetch) is never overridden by an older running event.
 */
export function useFileProgress(onSettled: (event: FileProgressEvent) => void) {
  const [events, setEvents] = useState<Record<string, FileProgressEvent>>({});
  trpc.events.files.useSubscription(
    {},
    {
      onData: ({ data }) => {
        setEvents((current) => ({ ...current, [data.fileId]: data }));
        if (TERMINAL.has(data.status)) onSettled(data);
      },
    },
  );
  const merge = useCallback(
    (record: FileRecord): FileRecord => {
      const event = events[record.fileId];
      if (!event || (TERMINAL.has(record.status) && !TERMINAL.has(event.status))) return record;
      return {
        ...record,
        status: event.status,
        stage: event.stage,
        progress: event.progress,
        error: event.error ?? record.error,
      };
    },
    [events],
  );
  return { merge, messageOf: (fileId: string) => events[fileId]?.message };
}
