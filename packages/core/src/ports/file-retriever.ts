import type { SearchHit } from '@studio/shared';

/** What the orchestrator and agents need from the Context Manager: ranked passages with their source. */
export interface FileRetriever {
  search(input: { query: string; fileIds?: string[]; k?: number }, signal?: AbortSignal): Promise<SearchHit[]>;
}
