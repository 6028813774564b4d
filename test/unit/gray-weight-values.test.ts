import { renderValues, stateFromValues } from '../../src/integrations/git/git-ops-values';

describe('the gray weight in the GitOps values file', () => {
  it('is written under gray.weight while gray runs and read back', () => {
    const text = renderValues(null, 'hello-node', 'prod', {
      stable: 'reg/a@sha256:1',
      gray: 'reg/a@sha256:2',
      grayWeight: 10,
    });
    expect(text).toContain('weight: 10');
    expect(stateFromValues(text, 'f.yaml')).toEqual({
      stable: 'reg/a@sha256:1',
      gray: 'reg/a@sha256:2',
      grayWeight: 10,
    });
  });

  it('is dropped when gray stops, so no stale weight routes traffic', () => {
    const running = renderValues(null, 'hello-node', 'prod', { stable: 'a', gray: 'b', grayWeight: 50 });
    const promoted = renderValues(running, 'hello-node', 'prod', { stable: 'b', gray: null, grayWeight: 50 });
    expect(promoted).not.toContain('weight');
    expect(stateFromValues(promoted, 'f.yaml')).toEqual({ stable: 'b', gray: null });
  });

  it('refuses a weight outside 0-100', () => {
    expect(() => stateFromValues('gray: {enabled: true, image: b, weight: 150}\n', 'f.yaml')).toThrow(/gray.weight/);
  });
});
