import { z } from 'zod';
import { SECRET_MASK } from './tools';

/**
 * Config section `llm`: the chat model the studio talks to. An empty value falls back to the
 * environment (`LLM_BASE_URL`, `LLM_MODEL`, `LLM_API_KEY`); no base URL anywhere means offline mode.
 * `api_key` is a secret: handed out as {@link SECRET_MASK} when set, '' when not.
 */
export const LlmConfigSchema = z
  .object({
    base_url: z
      .union([z.literal(''), z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })])
      .default(''),
    model: z.string().trim().max(200).default(''),
    api_key: z.string().max(2000).default(''),
  })
  .strict();
export type LlmConfig = z.infer<typeof LlmConfigSchema>;

/** The `llm` section with its key masked: the key itself never leaves the server. */
export function maskLlmSecrets(values: LlmConfig): LlmConfig {
  return { ...values, api_key: values.api_key ? SECRET_MASK : '' };
}

export const KeyStateSchema = z.enum(['set', 'not set']);

/** `llm.settings`: the model in force, each value with where it comes from; the key only as set or not. */
export const LlmSettingsOutputSchema = z.object({
  mode: z.enum(['llm', 'offline']),
  baseUrl: z.string().nullable(),
  model: z.string().nullable(),
  apiKey: KeyStateSchema,
  sources: z.object({
    baseUrl: z.enum(['config', 'environment', 'none']),
    model: z.enum(['config', 'environment', 'default']),
    apiKey: z.enum(['config', 'environment', 'none']),
  }),
  version: z.number().int(),
});
export type LlmSettings = z.infer<typeof LlmSettingsOutputSchema>;

/**
 * `llm.listModels` ("Test connection"): asks a provider's `/v1/models`. Unset fields use the values in
 * force; `apiKey` equal to the mask means the stored key.
 */
export const LlmListModelsInputSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  apiKey: z.string().max(2000).optional(),
});
export type LlmListModelsInput = z.infer<typeof LlmListModelsInputSchema>;
export const LlmListModelsOutputSchema = z.object({ baseUrl: z.string(), models: z.array(z.string()) });
export type LlmListModelsOutput = z.infer<typeof LlmListModelsOutputSchema>;
