import { agentsMigrations } from './agents/agents-migrations';
import { chatMigrations } from './chat/chat-migrations';
import { configMigrations } from './config/config-migrations';
import { executionsMigrations } from './executions/executions-migrations';
import { filesMigrations } from './files/storage/files-migrations';
import { memoryMigrations } from './memory/memory-migrations';
import type { Migration } from './store/migration';

/** Every domain's schema steps, gathered at the composition root so that store/ depends on no domain. */
export const allMigrations: readonly Migration[] = [
  ...configMigrations,
  ...chatMigrations,
  ...filesMigrations,
  ...memoryMigrations,
  ...agentsMigrations,
  ...executionsMigrations,
];
