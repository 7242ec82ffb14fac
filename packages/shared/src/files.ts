import { z } from 'zod';
import { ErrorInfoSchema, IdSchema, PageInputSchema, ResumableInputSchema, TimestampSchema } from './common';

export const FileStatusSchema = z.enum(['pending', 'processing', 'completed', 'failed']);
export type FileStatus = z.infer<typeof FileStatusSchema>;

export const FileStageSchema = z.enum(['queued', 'extracting', 'chunking', 'embedding', 'indexing', 'done', 'failed']);
export type FileStage = z.infer<typeof FileStageSchema>;

/**
 * The later, second phase of a file's ingestion: semantic vectors. A file is `completed` (keyword
 * searchable) without waiting for it; `ready` means semantic search covers the file too.
 */
export const SemanticStatusSchema = z.enum(['pending', 'indexing', 'ready', 'failed']);
export type SemanticStatus = z.infer<typeof SemanticStatusSchema>;
export const SemanticProgressSchema = z.object({
  status: SemanticStatusSchema,
  progress: z.number().min(0).max(100),
});
export type SemanticProgress = z.infer<typeof SemanticProgressSchema>;

export const FileRecordSchema = z.object({
  fileId: z.string(),
  name: z.string(),
  size: z.number().int(),
  mimeType: z.string(),
  status: FileStatusSchema,
  progress: z.number().min(0).max(100),
  createdAt: TimestampSchema,
  stage: FileStageSchema.optional(),
  error: ErrorInfoSchema.optional(),
  semantic: SemanticProgressSchema.optional(),
  chunkCount: z.number().int().optional(),
  /** Pages, slides or sheets, when the format has them. */
  pageCount: z.number().int().optional(),
});
export type FileRecord = z.infer<typeof FileRecordSchema>;

export const FileIdInputSchema = z.object({ fileId: IdSchema });

export const FileStatusOutputSchema = z.object({
  fileId: z.string(),
  status: FileStatusSchema,
  stage: FileStageSchema,
  progress: z.number().min(0).max(100),
  chunkCount: z.number().int(),
  pageCount: z.number().int().optional(),
  error: ErrorInfoSchema.optional(),
  semantic: SemanticProgressSchema.optional(),
});
export type FileStatusOutput = z.infer<typeof FileStatusOutputSchema>;

export const FilesListInputSchema = PageInputSchema.extend({ status: FileStatusSchema.optional() });
export const FilesListOutputSchema = z.object({
  items: z.array(FileRecordSchema),
  nextCursor: z.string().nullable(),
});

export const FileDeleteOutputSchema = z.object({ fileId: z.string(), deleted: z.literal(true) });

export const FilesSearchInputSchema = z.object({
  query: z.string().trim().min(1, 'query must not be empty').max(2000),
  fileIds: z.array(IdSchema).max(100).optional(),
  k: z.number().int().min(1).max(50).optional(),
});
export type FilesSearchInput = z.infer<typeof FilesSearchInputSchema>;

export const SearchHitSchema = z.object({
  chunkId: z.string(),
  fileId: z.string(),
  fileName: z.string(),
  text: z.string(),
  score: z.number(),
  page: z.number().int().optional(),
  section: z.string().optional(),
  /** Where the passage lies in its page's (or section's) extracted text: [charStart, charEnd). */
  charStart: z.number().int().min(0).optional(),
  charEnd: z.number().int().min(0).optional(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;
export const FilesSearchOutputSchema = z.object({ hits: z.array(SearchHitSchema) });

/** `files.passage`: a chunk with its neighbours, to show a citation in its surrounding text. */
export const FilePassageInputSchema = z.object({
  chunkId: IdSchema,
  around: z.number().int().min(0).max(5).optional(),
});
export type FilePassageInput = z.infer<typeof FilePassageInputSchema>;
export const PassageChunkSchema = z.object({
  chunkId: z.string(),
  position: z.number().int(),
  text: z.string(),
  page: z.number().int().optional(),
  section: z.string().optional(),
  charStart: z.number().int().optional(),
  charEnd: z.number().int().optional(),
});
export type PassageChunk = z.infer<typeof PassageChunkSchema>;
export const FilePassageOutputSchema = z.object({
  fileId: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  chunk: PassageChunkSchema,
  /** Neighbouring chunks of the same page or section, in reading order. */
  before: z.array(PassageChunkSchema),
  after: z.array(PassageChunkSchema),
});
export type FilePassageOutput = z.infer<typeof FilePassageOutputSchema>;

/** Payload of `events.files` (event name `file-progress`). */
export const FileProgressEventSchema = z.object({
  fileId: z.string(),
  status: FileStatusSchema,
  stage: FileStageSchema,
  progress: z.number().min(0).max(100),
  message: z.string().optional(),
  error: ErrorInfoSchema.optional(),
  semantic: SemanticProgressSchema.optional(),
});
export type FileProgressEvent = z.infer<typeof FileProgressEventSchema>;

export const FileEventsInputSchema = z.object({ fileId: IdSchema.optional() }).extend(ResumableInputSchema.shape);
