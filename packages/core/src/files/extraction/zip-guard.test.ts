import { buildDocx, buildDocxBomb } from '@studio/testing';
import { describe, expect, it } from 'vitest';
import { assertSafeZip } from './zip-guard';

describe('assertSafeZip', () => {
  it('accepts an ordinary document', () => {
    expect(() => assertSafeZip(buildDocx([{ heading: 'A', paragraphs: ['b'] }]), 100 * 1024 * 1024)).not.toThrow();
  });

  it('refuses an archive that would expand past the limit, without inflating it', async () => {
    const bomb = await buildDocxBomb(300 * 1024 * 1024);
    expect(() => assertSafeZip(bomb, 1024 * 1024 * 1024)).toThrow(/zip bomb/);
  });

  it('refuses bytes that are not a zip at all', () => {
    expect(() => assertSafeZip(Buffer.from('not a zip at all, just text'), 1024)).toThrow(/not a readable zip/);
  });
});
