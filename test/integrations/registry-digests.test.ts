import { parseImageReference, type ImageReference } from '../../src/domain/image-reference';
import { createPlanActivities } from '../../src/activities/plan-activities';
import { createRegistryDigests, ImageNotResolvable } from '../../src/integrations/registry/registry-digests';
import { ApplicationFailure } from '@temporalio/common';
import { testCatalog } from '../harness/catalog-fixture';
import { startLocalRegistry, type LocalRegistry } from '../harness/local-registry';

let registry: LocalRegistry;
beforeAll(async () => {
  registry = await startLocalRegistry({ withBaseImage: true });
}, 180_000);
afterAll(async () => {
  await registry?.stop();
});

const image = (ref: string): ImageReference => {
  const parsed = parseImageReference(ref);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.image;
};
const digests = () =>
  createRegistryDigests({
    plainHttp: [registry.url],
    credentials: (host) =>
      host === registry.url ? { username: registry.username, password: registry.password } : undefined,
  });

describe('resolving a tag to its digest at a real registry', () => {
  it('pins the tag to the digest the registry serves', async () => {
    const pinned = await digests().pin(image(registry.baseImage));
    expect(pinned.digest).toBe(await registry.manifestDigest('base/busybox', '1'));
    expect(pinned.tag).toBe('1');
  });

  it('refuses a tag the registry does not have, as permanent', async () => {
    const err = await digests()
      .pin(image(`${registry.url}/base/busybox:nope`))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageNotResolvable);
    expect(err).toMatchObject({ permanent: true, message: expect.stringContaining('does not exist') });
  });

  it('refuses without credentials', async () => {
    const err = await createRegistryDigests({ plainHttp: [registry.url] })
      .pin(image(registry.baseImage))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ permanent: true, message: expect.stringContaining('HTTP 401') });
  });
});

describe('the release plan step for images', () => {
  const plan = () =>
    createPlanActivities({
      catalog: testCatalog({ environments: { prod: { allowedRegistries: [registry.url] } } }),
      repoBase: '/nowhere',
      registry: digests(),
    });

  it('resolves a tag for prod to a digest-pinned reference', async () => {
    const ref = await plan().resolveReleaseImage({ service: 'orders', environment: 'prod', image: registry.baseImage });
    expect(ref).toBe(`${registry.baseImage}@${await registry.manifestDigest('base/busybox', '1')}`);
  });

  it.each(['not a valid ref; $(rm -rf /)', 'Registry/UPPER:', 'bad ref!!'])(
    'rejects %j before anything starts',
    async (bad) => {
      const err = await plan()
        .resolveReleaseImage({ service: 'orders', environment: 'prod', image: bad })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect(err).toMatchObject({ type: 'ImageRejected', nonRetryable: true });
    },
  );
});
