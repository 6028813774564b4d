import { checkImageForRelease, vetImageForRelease } from '../../src/domain/image-policy';
import { testCatalog } from '../harness/catalog-fixture';

const DIGEST = `sha256:${'0'.repeat(64)}`;
const catalog = { ...testCatalog({ environments: { pre: {}, test: { allowedRegistries: ['127.0.0.1:5000'] } } }) };

describe('checking an image for a release', () => {
  it('accepts a tag from the catalog registry where digests are not required', () => {
    expect(checkImageForRelease('registry.gantry.local/orders:1.0', catalog, 'dev')).toBeUndefined();
  });

  it.each(['not a valid ref; $(rm -rf /)', 'Registry/UPPER:', 'bad ref!!'])('refuses %j', (ref) => {
    expect(checkImageForRelease(ref, catalog, 'prod')).toMatch(/not a valid image reference/);
  });

  it('refuses a registry the catalog does not name', () => {
    expect(checkImageForRelease('evil.example.com/orders:1.0', catalog, 'dev')).toBe(
      'registry evil.example.com is not allowed for dev; allowed: registry.gantry.local',
    );
  });

  it("uses an environment's own registry list", () => {
    expect(checkImageForRelease('127.0.0.1:5000/orders:1', catalog, 'test')).toBeUndefined();
    expect(checkImageForRelease('registry.gantry.local/orders:1', catalog, 'test')).toMatch(/not allowed for test/);
  });

  it('refuses an image with neither tag nor digest, and an unknown environment', () => {
    expect(checkImageForRelease('registry.gantry.local/orders', catalog, 'dev')).toMatch(/neither a tag nor a digest/);
    expect(checkImageForRelease('registry.gantry.local/orders:1', catalog, 'nowhere')).toMatch(/unknown environment/);
  });

  it('marks a tag for resolution where digests are required: pre and prod by default', () => {
    const tagged = 'registry.gantry.local/orders:1.0';
    expect(vetImageForRelease(tagged, catalog, 'prod')).toMatchObject({ ok: true, needsDigest: true });
    expect(vetImageForRelease(tagged, catalog, 'pre')).toMatchObject({ ok: true, needsDigest: true });
    expect(vetImageForRelease(tagged, catalog, 'dev')).toMatchObject({ ok: true, needsDigest: false });
    expect(vetImageForRelease(`${tagged}@${DIGEST}`, catalog, 'prod')).toMatchObject({ ok: true, needsDigest: false });
  });

  it('follows requireDigest when the catalog sets it', () => {
    const strict = testCatalog({ environments: { dev: { requireDigest: true }, prod: { requireDigest: false } } });
    expect(vetImageForRelease('registry.gantry.local/orders:1', strict, 'dev')).toMatchObject({ needsDigest: true });
    expect(vetImageForRelease('registry.gantry.local/orders:1', strict, 'prod')).toMatchObject({ needsDigest: false });
  });
});
