import { describe, expect, it } from 'vitest';
import { WorkTracker } from './work-tracker';

describe('WorkTracker', () => {
  it('lets work in flight finish within the grace period', async () => {
    const work = new WorkTracker();
    let finished = false;
    void work.run('short', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished = true;
    });
    expect(await work.drain(1000)).toEqual([]);
    expect(finished).toBe(true);
  });

  it('aborts work that outlives the grace period so it can record itself as interrupted', async () => {
    const work = new WorkTracker();
    const recorded: string[] = [];
    const running = work.run(
      'long',
      (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            recorded.push('interrupted');
            resolve();
          });
        }),
    );
    expect(await work.drain(30)).toEqual(['long']);
    await running;
    expect(recorded).toEqual(['interrupted']);
    expect(work.isClosing).toBe(true);
  });
});
