import { chatMigrations } from '../chat/chat-migrations';
import { configMigrations } from '../config/config-migrations';
import type { Migration } from './migration';

/** Every domain's schema steps; each domain owns its own file, this list only gathers them. */
export const allMigrations: readonly Migration[] = [...configMigrations, ...chatMigrations];
