import type { ErrorInfo, FileStage, FileStatus, SemanticProgress, SupportedFileType } from '@studio/shared';

/** A file row as the pipeline needs it. */
export interface StoredFile {
  id: string;
  name: string;
  size: number;
  mimeType: string;
  type: SupportedFileType;
  sessionId?: string;
  status: FileStatus;
  stage: FileStage;
  progress: number;
  chunkCount: number;
  pageCount?: number;
  error?: ErrorInfo;
  indexName?: string;
  /** The semantic phase, once the file was queued for it. */
  semantic?: SemanticProgress;
  createdAt: string;
}
