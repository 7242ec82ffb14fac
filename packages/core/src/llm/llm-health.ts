import type { ComponentHealth } from '@studio/shared';
import type { LanguageModel } from './language-model';

const CACHE_MS = 3000;

/**
 * The `llm` health probe: offline when no model is configured (a mode, not a fault),
 * ok when the provider answers, down when it is configured but unreachable.
 */
export function llmHealthProbe(
  source: LanguageModel | undefined | (() => LanguageModel | undefined),
): () => Promise<ComponentHealth> {
  let cached: { at: number; model: LanguageModel; health: ComponentHealth } | undefined;
  return async () => {
    // A function is read on every probe: the model may have been changed in the settings since.
    const model = typeof source === 'function' ? source() : source;
    if (!model)
      return { status: 'offline', detail: 'no language model configured; chat answers offline from files and memory' };
    if (cached && cached.model === model && Date.now() - cached.at < CACHE_MS) return cached.health;
    let health: ComponentHealth;
    try {
      await model.ping(AbortSignal.timeout(1800));
      health = { status: 'ok', detail: model.name };
    } catch (error) {
      health = { status: 'down', detail: `${model.name}: ${error instanceof Error ? error.message : String(error)}` };
    }
    cached = { at: Date.now(), model, health };
    return health;
  };
}
