import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize';

describe('normalizeText', () => {
  it('maps what PDFs and word processors print to what users type', () => {
    expect(normalizeText('\u2212\u2212gzip \u2013z \u2014x')).toBe('--gzip -z -x');
    expect(normalizeText('\u201Cquoted\u201D and \u2018single\u2019 it\u2019s')).toBe("\"quoted\" and 'single' it's");
    expect(normalizeText('\uFB01le \uFB02ow \uFF21\uFF22')).toBe('file flow AB');
    expect(normalizeText('con\u00ADfig\u200Buration')).toBe('configuration');
  });

  it('rejoins a word hyphenated at a line end, and leaves options and real line breaks alone', () => {
    expect(normalizeText('the configu-\nration file')).toBe('the configuration file');
    expect(normalizeText('use -\n--gzip')).toBe('use -\n--gzip');
    expect(normalizeText('first line\nsecond line')).toBe('first line\nsecond line');
  });
});
