import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSettings } from '../../src/config/settings';
import { parseImageReference, type ImageReference } from '../../src/domain/image-reference';
import { createLocalImageDigests } from '../../src/integrations/local/local-image-digests';
import { ImageNotResolvable } from '../../src/integrations/registry/registry-digests';
import { chooseRegistryDigests } from '../../src/workers/integration-choices';
import { cleanupGitFixtures, makeTempDir } from '../harness/git-fixtures';

const ref = (text: string): ImageReference => {
  const parsed = parseImageReference(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.image;
};
const DIGEST = `sha256:${'c'.repeat(64)}`;

afterAll(async () => {
  await cleanupGitFixtures();
});

describe('the registry settings releases resolve tags with', () => {
  it('name the registry by host[:port], with its credentials, whatever builder is chosen', () => {
    const settings = loadSettings({
      GANTRY_REGISTRY_URL: 'https://registry.example.com:5000/team',
      GANTRY_REGISTRY_USERNAME: 'robot',
      GANTRY_REGISTRY_PASSWORD: 'secret',
      GANTRY_REGISTRY_TLS_VERIFY: 'false',
    });
    expect(settings.integrations.registry).toEqual({
      host: 'registry.example.com:5000',
      username: 'robot',
      password: 'secret',
      tlsVerify: false,
    });
    expect(loadSettings({}).integrations.registry).toBeUndefined();
  });

  it('resolve the catalog registry’s tags in the embedded image store, and leave digests as they are', async () => {
    const imagesDir = await makeTempDir('gantry-images-');
    await mkdir(join(imagesDir, 'hello', 'tags'), { recursive: true });
    await writeFile(join(imagesDir, 'hello', 'tags', 'v1'), `registry.gantry.local/hello@${DIGEST}\n`);
    const digests = chooseRegistryDigests(loadSettings({}).integrations, 'registry.gantry.local', () =>
      createLocalImageDigests(imagesDir, 'registry.gantry.local'),
    );
    expect(await digests.pin(ref('registry.gantry.local/hello:v1'))).toMatchObject({ tag: 'v1', digest: DIGEST });
    const pinned = ref(`registry.gantry.local/hello@${DIGEST}`);
    expect(await digests.pin(pinned)).toBe(pinned);
    const unknown = digests.pin(ref('registry.gantry.local/hello:never-built'));
    await expect(unknown).rejects.toBeInstanceOf(ImageNotResolvable);
    await expect(unknown).rejects.toMatchObject({ permanent: true });
    // The store keeps tags per last path segment: another repository ending in hello must not borrow its digest.
    await expect(digests.pin(ref('registry.gantry.local/team/hello:v1'))).rejects.toMatchObject({ permanent: true });
  });
});
