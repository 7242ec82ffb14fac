import { ConfigSectionSchemas, type ConfigIssue, type ConfigSectionName, type StudioConfig } from '@studio/shared';
import type { z } from 'zod';

export type SectionValidation<S extends ConfigSectionName> =
  { valid: true; values: StudioConfig[S]; errors: [] } | { valid: false; errors: ConfigIssue[] };

/** Validates a whole section (defaults filled in, cross-field rules applied). */
export function validateSection<S extends ConfigSectionName>(section: S, values: unknown): SectionValidation<S> {
  const schema = ConfigSectionSchemas[section] as unknown as z.ZodType<StudioConfig[S]>;
  const result = schema.safeParse(values ?? {});
  if (result.success) return { valid: true, values: result.data, errors: [] };
  return { valid: false, errors: toIssues(result.error) };
}

/** Zod issues as `{ path, message }` with dotted paths, the form `config.validate` reports. */
export function toIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
