import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_USER_ID } from '@studio/shared';
import { z } from 'zod';
import type { ChunkReader, FileLister, MemoryWriter } from '../agents/tools/tool-ports';
import type { ChatService } from '../chat/chat-service';
import { DomainError } from '../errors/domain-error';
import type { MemoryManager } from '../memory/memory-manager';
import type { FileRetriever } from '../ports/file-retriever';
import { STUDIO_VERSION } from '../version';

/** What the studio exposes to other assistants over MCP. */
export interface StudioMcpDependencies {
  files: FileRetriever;
  chunks: ChunkReader;
  fileList: FileLister;
  memory: Pick<MemoryManager, 'search'>;
  memoryWriter: MemoryWriter;
  chat: Pick<ChatService, 'send'>;
}

/** The six tools other assistants get, in this order. */
export const STUDIO_MCP_TOOLS = [
  'search_files',
  'read_chunk',
  'list_files',
  'recall_memory',
  'save_memory',
  'ask',
] as const;

/**
 * The studio as an MCP server: search and read the user's files, list them, recall and save memories,
 * and ask the orchestrator for a cited answer. One instance per HTTP request or stdio session.
 */
export function createStudioMcpServer(deps: StudioMcpDependencies): McpServer {
  const server = new McpServer({ name: 'local-agent-studio', version: STUDIO_VERSION });
  server.registerTool(
    'search_files',
    {
      description: "Search the studio user's indexed files. Returns the best passages with file, page and text.",
      inputSchema: {
        query: z.string().min(1).max(2000),
        k: z.number().int().min(1).max(50).optional(),
        fileIds: z.array(z.string()).max(100).optional(),
      },
    },
    (args, extra) =>
      answer(async () => {
        const hits = await deps.files.search(
          { query: args.query, k: args.k ?? 5, ...(args.fileIds?.length ? { fileIds: args.fileIds } : {}) },
          extra.signal,
        );
        return {
          hits: hits.map((hit) => ({
            file: hit.fileName,
            fileId: hit.fileId,
            chunkId: hit.chunkId,
            ...(hit.page !== undefined ? { page: hit.page } : {}),
            text: hit.text,
            score: hit.score,
          })),
        };
      }),
  );
  server.registerTool(
    'read_chunk',
    {
      description: 'Read the full text of one chunk by its chunkId (from search_files).',
      inputSchema: { chunkId: z.string().min(1) },
    },
    (args, extra) =>
      answer(async () => {
        const chunk = await deps.chunks.readChunk(args.chunkId, extra.signal);
        if (!chunk) throw new Error(`no chunk with id ${args.chunkId}`);
        return {
          file: chunk.fileName,
          fileId: chunk.fileId,
          chunkId: chunk.chunkId,
          page: chunk.page,
          text: chunk.text,
        };
      }),
  );
  server.registerTool(
    'list_files',
    { description: "List the studio user's uploaded files with their ids and ingestion status.", inputSchema: {} },
    (_args, extra) => answer(async () => ({ files: await deps.fileList.listFiles(extra.signal) })),
  );
  server.registerTool(
    'recall_memory',
    {
      description: 'Recall what the studio remembers about the user (profile, facts, past conversations).',
      inputSchema: { query: z.string().min(1).max(2000), k: z.number().int().min(1).max(50).optional() },
    },
    (args) =>
      answer(async () => {
        const { hits } = await deps.memory.search({ query: args.query, k: args.k ?? 5 });
        return {
          memories: hits.map((hit) => ({ id: hit.id, type: hit.type, content: hit.content, score: hit.score })),
        };
      }),
  );
  server.registerTool(
    'save_memory',
    {
      description: 'Save a fact or profile detail about the user in the studio memory.',
      inputSchema: { content: z.string().min(1).max(4000), type: z.enum(['fact', 'profile']).optional() },
    },
    (args, extra) =>
      answer(async () =>
        deps.memoryWriter.remember(
          { userId: DEFAULT_USER_ID, type: args.type ?? 'fact', content: args.content },
          extra.signal,
        ),
      ),
  );
  server.registerTool(
    'ask',
    {
      description:
        "Ask the studio's orchestrator a question; it plans, uses the user's files and memory, and answers with citations.",
      inputSchema: { question: z.string().min(1).max(20_000), fileIds: z.array(z.string()).max(100).optional() },
    },
    (args) =>
      answer(async () => {
        const result = await deps.chat.send({
          message: args.question,
          ...(args.fileIds?.length ? { fileIds: args.fileIds } : {}),
        });
        return { answer: result.reply, citations: result.citations, sessionId: result.sessionId, mode: result.mode };
      }),
  );
  return server;
}

/** A tool's result as JSON text and structured content; a failure is an error result, never a stack. */
async function answer(run: () => Promise<object>): Promise<CallToolResult> {
  try {
    const value = await run();
    return {
      content: [{ type: 'text', text: JSON.stringify(value, null, 2) }],
      structuredContent: value as Record<string, unknown>,
    };
  } catch (error) {
    const message = DomainError.isInstance(error) || error instanceof Error ? error.message : String(error);
    return { content: [{ type: 'text', text: `error: ${message}` }], isError: true };
  }
}
