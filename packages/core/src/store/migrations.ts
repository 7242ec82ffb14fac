import { agentsMigrations } from '../agents/agents-migrations';
import { chatMigrations } from '../chat/chat-migrations';
import { configMigrations } from '../config/config-migrations';
import { filesMigrations } from '../files/storage/files-migrations';
import { memoryMigrations } from '../memory/memory-migrations';
import type { Migration } from './migration';

/** Every domain's schema steps; each domain owns its own file, this list only gathers them. */
export const allMigrations: readonly Migration[] = [
  ...configMigrations,
  ...chatMigrations,
  ...filesMigrations,
  ...memoryMigrations,
  ...agentsMigrations,
];
