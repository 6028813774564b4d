import { parse } from 'yaml';
import { artifactOf } from '../../src/config/catalog-schema';
import { artifactKindOf, packageRepository } from '../../src/domain/artifact-kind';
import { parseImageReference } from '../../src/domain/image-reference';
import { renderValues, stateFromValues } from '../../src/integrations/git/git-ops-values';
import { testCatalog } from '../harness/catalog-fixture';

const PKG = `${packageRepository('registry.gantry.local', 'hello-go')}@sha256:${'a'.repeat(64)}`;
const IMG = `registry.gantry.local/hello-go@sha256:${'b'.repeat(64)}`;

describe('the kind of a pinned reference', () => {
  it('is a package in the registry packages/ namespace, an image anywhere else', () => {
    expect(artifactKindOf(PKG)).toBe('package');
    expect(artifactKindOf(`127.0.0.1:5000/packages/orders:abc`)).toBe('package');
    expect(artifactKindOf(IMG)).toBe('image');
    // A service named "packages" is an image repository, not the namespace.
    expect(artifactKindOf(`registry.gantry.local/packages@sha256:${'c'.repeat(64)}`)).toBe('image');
  });

  it('keeps a package reference a valid image reference, so the same release policy vets it', () => {
    expect(parseImageReference(PKG).ok).toBe(true);
  });
});

describe('what CI builds for a service', () => {
  it('takes the service artifact, else its language, else an image', () => {
    const catalog = testCatalog();
    const service = Object.keys(catalog.services)[0]!;
    const language = catalog.services[service]!.language;
    expect(artifactOf(catalog, service)).toBe('image');
    catalog.languages[language]!.artifact = 'package';
    expect(artifactOf(catalog, service)).toBe('package');
    catalog.services[service]!.artifact = 'image';
    expect(artifactOf(catalog, service)).toBe('image');
  });
});

describe('the GitOps values file', () => {
  it('records each track artifact kind beside its pinned reference, and drops it with the track', () => {
    const running = renderValues(null, 'hello-go', 'prod', { stable: IMG, gray: PKG, grayWeight: 10 });
    expect(parse(running)).toMatchObject({
      stable: { image: IMG, artifact: 'image' },
      gray: { enabled: true, image: PKG, artifact: 'package', weight: 10 },
    });
    const promoted = renderValues(running, 'hello-go', 'prod', { stable: PKG, gray: null });
    expect(parse(promoted)).toMatchObject({ stable: { image: PKG, artifact: 'package' } });
    expect((parse(promoted) as { gray: Record<string, unknown> }).gray).toEqual({ enabled: false, image: null });
    expect(stateFromValues(promoted, 'f.yaml')).toEqual({ stable: PKG, gray: null });
  });
});
