import { describe, expect, it } from 'vitest';
import { appRouter } from '../root';

/** Procedures whose output is checked elsewhere, and why. */
const UNCHECKED: Record<string, string> = {
  // One section of config.get's (checked) shape, chosen by the input at run time.
  'config.section': 'a section of StudioConfigSchema',
};

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  output?: unknown;
}

describe('the contract’s output schemas', () => {
  it('every query and mutation checks what it returns against its schema in packages/shared', () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>;
    const unchecked = Object.entries(procedures)
      .filter(([name, procedure]) => procedure._def.type !== 'subscription' && !(name in UNCHECKED))
      .filter(([, procedure]) => procedure._def.output === undefined)
      .map(([name]) => name);
    expect(unchecked).toEqual([]);
    expect(Object.keys(procedures).length).toBeGreaterThan(30);
  });
});
