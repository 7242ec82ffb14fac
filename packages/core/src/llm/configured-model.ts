import {
  SECRET_MASK,
  type LlmConfig,
  type LlmListModelsInput,
  type LlmListModelsOutput,
  type LlmSettings,
} from '@studio/shared';
import { LlmError } from '../errors/llm-error';
import type { Logger } from '../logger';
import type { LanguageModel } from './language-model';
import { OpenAILanguageModel, type OpenAILanguageModelOptions } from './openai-language-model';

/** Where a model comes from at this moment; read at the start of each answer, so a change needs no restart. */
export interface ModelSource {
  current(): LanguageModel | undefined;
}

/** The `llm` config section as this module needs it (the config service satisfies it). */
export interface LlmConfigReader {
  section(section: 'llm'): LlmConfig;
  version(section: 'llm'): number;
}

/** The environment's model (LLM_BASE_URL…): the defaults under the `llm` section, with transport tuning. */
export type ModelDefaults = Partial<Omit<OpenAILanguageModelOptions, 'logger'>>;

const DEFAULT_MODEL = 'gpt-4o-mini';
const LIST_TIMEOUT_MS = 5000;

/**
 * The chat model built from the `llm` config section over the environment's defaults. The client is
 * rebuilt when the section's version changes, so the next answer after a change uses the new model.
 */
export class ConfiguredModel implements ModelSource {
  private built?: { version: number; model: LanguageModel | undefined };

  constructor(
    private readonly config: LlmConfigReader,
    private readonly defaults: ModelDefaults | undefined,
    private readonly logger?: Logger,
  ) {}

  current(): LanguageModel | undefined {
    const version = this.config.version('llm');
    if (this.built?.version !== version) {
      const { baseURL, model, apiKey } = this.effective();
      this.built = {
        version,
        model: baseURL
          ? new OpenAILanguageModel({ ...this.defaults, baseURL, model, apiKey, logger: this.logger })
          : undefined,
      };
    }
    return this.built.model;
  }

  /** The settings in force, as `llm.settings` reports them: never the key itself. */
  settings(): LlmSettings {
    const section = this.config.section('llm');
    const { baseURL, model, apiKey } = this.effective();
    return {
      mode: baseURL ? 'llm' : 'offline',
      baseUrl: baseURL ?? null,
      model: baseURL ? (model ?? DEFAULT_MODEL) : null,
      apiKey: apiKey ? 'set' : 'not set',
      sources: {
        baseUrl: section.base_url ? 'config' : this.defaults?.baseURL ? 'environment' : 'none',
        model: section.model ? 'config' : this.defaults?.model ? 'environment' : 'default',
        apiKey: section.api_key ? 'config' : this.defaults?.apiKey ? 'environment' : 'none',
      },
      version: this.config.version('llm'),
    };
  }

  /** "Test connection": the model ids a provider's `/v1/models` lists, with the key in force unless another is given. */
  async listModels(input: LlmListModelsInput): Promise<LlmListModelsOutput> {
    const effective = this.effective();
    const baseUrl = input.baseUrl ?? effective.baseURL;
    if (!baseUrl) throw new LlmError('LLM_NOT_CONFIGURED', 'no base URL: enter the provider address first');
    const apiKey = input.apiKey === undefined || input.apiKey === SECRET_MASK ? effective.apiKey : input.apiKey;
    const url = `${baseUrl.replace(/\/+$/, '')}/models`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
        signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new LlmError('LLM_UNAVAILABLE', `could not reach ${url}: ${reason(error)}`, { cause: error });
    }
    if (response.status === 401 || response.status === 403)
      throw new LlmError('LLM_REJECTED', `${url} refused the API key (HTTP ${response.status})`);
    if (!response.ok) throw new LlmError('LLM_UNAVAILABLE', `${url} answered HTTP ${response.status}`);
    const body = (await response.json().catch(() => undefined)) as { data?: { id?: unknown }[] } | undefined;
    if (!body || !Array.isArray(body.data))
      throw new LlmError('LLM_BAD_RESPONSE', `${url} did not answer an OpenAI-compatible model list`);
    const models = body.data.map((entry) => entry.id).filter((id): id is string => typeof id === 'string');
    return { baseUrl, models: [...new Set(models)].sort() };
  }

  private effective(): { baseURL?: string; model?: string; apiKey?: string } {
    const section = this.config.section('llm');
    return {
      baseURL: section.base_url || this.defaults?.baseURL,
      model: section.model || this.defaults?.model,
      apiKey: section.api_key || this.defaults?.apiKey,
    };
  }
}

function reason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${LIST_TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
