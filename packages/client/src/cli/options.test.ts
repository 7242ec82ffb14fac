import { describe, expect, it } from 'vitest';
import { parseCli } from './options';

describe('parseCli', () => {
  it('takes --url and --token over the environment, which beats the defaults', () => {
    expect(
      parseCli(['ask', 'hi', '--url', 'http://h:1', '--token', 't'], {
        STUDIO_URL: 'http://e:2',
        STUDIO_API_TOKEN: 'e',
      }),
    ).toMatchObject({
      url: 'http://h:1',
      token: 't',
      positionals: ['ask', 'hi'],
    });
    expect(parseCli(['memory', 'list'], { STUDIO_URL: 'http://e:2' })).toMatchObject({
      url: 'http://e:2',
      token: undefined,
    });
    expect(parseCli([], {}).url).toBe('http://127.0.0.1:3000');
  });

  it('refuses unknown options', () => {
    expect(() => parseCli(['ask', '--nope'], {})).toThrow(/nope/);
  });
});
