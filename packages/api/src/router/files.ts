import { InvalidInputError } from '@studio/core';
import {
  FileDeleteOutputSchema,
  FileIdInputSchema,
  FilePassageInputSchema,
  FilePassageOutputSchema,
  FileRecordSchema,
  FileStatusOutputSchema,
  FilesListInputSchema,
  FilesListOutputSchema,
  FilesSearchInputSchema,
  FilesSearchOutputSchema,
} from '@studio/shared';
import { z } from 'zod';
import { procedure, router } from '../trpc';

export const filesRouter = router({
  /** Multipart `file` (+ optional `sessionId`), sent through httpLink; the same core path as POST /api/files. */
  upload: procedure
    .input(z.instanceof(FormData))
    .output(FileRecordSchema)
    .mutation(({ ctx, input }) => {
      const file = input.get('file');
      if (!(file instanceof Blob)) {
        throw new InvalidInputError('FILE_MISSING', 'the multipart field "file" is required', [
          { path: 'file', message: 'required' },
        ]);
      }
      const sessionId = input.get('sessionId');
      return ctx.studio.files.upload({
        name: 'name' in file && typeof file.name === 'string' ? file.name : 'upload',
        sessionId: typeof sessionId === 'string' && sessionId !== '' ? sessionId : undefined,
        source: { blob: file },
      });
    }),
  status: procedure
    .input(FileIdInputSchema)
    .output(FileStatusOutputSchema)
    .query(({ ctx, input }) => ctx.studio.files.status(input.fileId)),
  list: procedure
    .input(FilesListInputSchema.optional())
    .output(FilesListOutputSchema)
    .query(({ ctx, input }) => ctx.studio.files.list(input)),
  delete: procedure
    .input(FileIdInputSchema)
    .output(FileDeleteOutputSchema)
    .mutation(({ ctx, input }) => ctx.studio.files.delete(input.fileId)),
  search: procedure
    .input(FilesSearchInputSchema)
    .output(FilesSearchOutputSchema)
    .query(async ({ ctx, input, signal }) => ({ hits: await ctx.studio.files.search(input, signal) })),
  /** A cited chunk with its neighbours, to read a citation in its surrounding text. */
  passage: procedure
    .input(FilePassageInputSchema)
    .output(FilePassageOutputSchema)
    .query(({ ctx, input }) => ctx.studio.files.passage(input)),
});
