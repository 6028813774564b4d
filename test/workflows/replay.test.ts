import { loadHistoryFixtures, replayAll } from '../harness/histories';

describe('recorded release histories', () => {
  it('replay against the current workflow code, so in-flight releases survive a deploy of Gantry', async () => {
    const histories = await loadHistoryFixtures();
    // The fixtures cover promote, emergency approval, replace, rollback, abort, queue and permission runs.
    expect(histories.length).toBeGreaterThanOrEqual(7);
    expect(await replayAll(histories)).toEqual([]);
  });
});
