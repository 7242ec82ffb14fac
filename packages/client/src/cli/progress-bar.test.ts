import { describe, expect, it } from 'vitest';
import { renderProgressBar } from './progress-bar';

describe('renderProgressBar', () => {
  it('fills in proportion and clamps out-of-range values', () => {
    expect(renderProgressBar('a.pdf', 50, 'embedding', 10)).toBe(`${'a.pdf'.padEnd(28)} [#####-----]  50%  embedding`);
    expect(renderProgressBar('a.pdf', 140, 'done', 4)).toContain('[####] 100%');
    expect(renderProgressBar('a.pdf', -3, 'queued', 4)).toContain('[----]   0%');
  });

  it('shortens long names so bars line up', () => {
    const line = renderProgressBar('a-very-long-file-name-that-goes-on-and-on.pdf', 10, 'extracting');
    expect(line.indexOf('[')).toBe(29);
    expect(line).toContain('…');
  });
});
