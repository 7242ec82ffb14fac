import { describe, expect, it } from 'vitest';
import { deadOwners } from './execution-owner';

describe('deadOwners', () => {
  it('with no liveness check counts every owner but this process as dead', async () => {
    expect(await deadOwners(['me', 'other', ''], 'me')).toEqual(['other', '']);
  });

  it('asks about other owners only, and never about rows written before owners were kept', async () => {
    const asked: string[] = [];
    const isOwnerAlive = async (owner: string) => {
      asked.push(owner);
      return owner === 'live';
    };
    expect(await deadOwners(['me', 'live', 'gone', ''], 'me', isOwnerAlive)).toEqual(['gone', '']);
    expect(asked).toEqual(['live', 'gone']);
  });
});
