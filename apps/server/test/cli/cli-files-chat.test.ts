import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-runner';
import { startTestStudio, type TestStudio } from '../helpers';

describe('studio upload, ask and memory against a real server', () => {
  let server: TestStudio;
  let folder: string;
  beforeAll(async () => {
    server = await startTestStudio();
    folder = mkdtempSync(join(tmpdir(), 'studio-cli-files-'));
    writeFileSync(
      join(folder, 'warranty.md'),
      '# Warranty\n\nThe Zephyr-9 blender carries a warranty of 42 months from the date of purchase.\n',
    );
    writeFileSync(join(folder, 'notes.txt'), 'Quarterly planning notes: the offsite is in Lisbon in March.\n');
  });
  afterAll(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('uploads several files and reports each one done', async () => {
    const result = await runCli([
      'upload',
      join(folder, 'warranty.md'),
      join(folder, 'notes.txt'),
      '--url',
      server.url,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/warranty\.md\s+\[#+\]\s+100%\s+done/);
    expect(result.stdout).toMatch(/notes\.txt\s+\[#+\]\s+100%\s+done/);
    const files = await server.studio.files.list({});
    expect(files.items.map((file) => file.status).sort()).toEqual(['completed', 'completed']);
  });

  it('fails clearly for a missing file', async () => {
    const result = await runCli(['upload', join(folder, 'missing.pdf'), '--url', server.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing\.pdf/);
  });

  it('streams an offline answer with its citations', async () => {
    const result = await runCli(['ask', 'How long is the Zephyr-9 warranty?', '--url', server.url]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/offline mode/);
    expect(result.stdout).toContain('42 months');
    expect(result.stdout).toMatch(/Sources:\n\s+\[1\] warranty\.md/);
  });

  it('lists memories', async () => {
    await server.studio.memory.add({ type: 'profile', content: 'The user prefers metric units.' });
    const result = await runCli(['memory', 'list', '--type', 'profile', '--url', server.url]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('The user prefers metric units.');
    expect(result.stdout).toMatch(/1 of 1 memories/);
  });
});
