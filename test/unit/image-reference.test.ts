import fc from 'fast-check';
import { formatImageReference, parseImageReference } from '../../src/domain/image-reference';

const DIGEST = `sha256:${'a1'.repeat(32)}`;

describe('image references by the OCI distribution grammar', () => {
  it.each([
    [
      'registry.example.com/team/hello:1.2.3',
      { registry: 'registry.example.com', repository: 'team/hello', tag: '1.2.3' },
    ],
    ['127.0.0.1:5000/hello@' + DIGEST, { registry: '127.0.0.1:5000', repository: 'hello', digest: DIGEST }],
    ['localhost/a/b/c:v1@' + DIGEST, { registry: 'localhost', repository: 'a/b/c', tag: 'v1', digest: DIGEST }],
    ['busybox:1', { registry: 'docker.io', repository: 'busybox', tag: '1' }],
    [
      'library/my__img--x.y_z:V_1.0-rc',
      { registry: 'docker.io', repository: 'library/my__img--x.y_z', tag: 'V_1.0-rc' },
    ],
    ['[::1]:5000/hello:t', { registry: '[::1]:5000', repository: 'hello', tag: 't' }],
  ])('parses %s', (ref, image) => {
    expect(parseImageReference(ref)).toEqual({ ok: true, image });
  });

  it.each([
    'not a valid ref; $(rm -rf /)',
    'Registry/UPPER:',
    'bad ref!!',
    '',
    'registry.example.com/Hello:1',
    'hello:',
    'hello:-leading-dash',
    `hello:${'t'.repeat(129)}`,
    'hello@sha256:abc',
    `hello@md5:${'a'.repeat(32)}`,
    `hello@sha256:${'A'.repeat(64)}`,
    '-hello:1',
    'registry.example.com/../etc:1',
    'registry.example.com//hello:1',
    'hello:1\n',
    'registry.example.com/hello:1 --privileged',
  ])('rejects %j', (ref) => {
    const parsed = parseImageReference(ref);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason.length).toBeLessThan(200);
  });

  it('says why an uppercase repository path is wrong', () => {
    expect(parseImageReference('registry.example.com/Team/hello:1')).toEqual({
      ok: false,
      reason: expect.stringContaining('lowercase'),
    });
  });
});

const component = fc.stringMatching(/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/).filter((s) => s.length <= 30);
const registry = fc.constantFrom('registry.example.com', '127.0.0.1:5000', 'localhost', 'reg-1.internal:443');
const tag = fc.stringMatching(/^\w[\w.-]{0,20}$/);
const digest = fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`);

describe('image references, as properties', () => {
  it('every reference built from the grammar parses and formats back to itself', () => {
    fc.assert(
      fc.property(
        registry,
        fc.array(component, { minLength: 1, maxLength: 3 }),
        fc.option(tag, { nil: undefined }),
        fc.option(digest, { nil: undefined }),
        (reg, parts, t, d) => {
          const ref = formatImageReference({ registry: reg, repository: parts.join('/'), tag: t, digest: d });
          const parsed = parseImageReference(ref);
          expect(parsed).toEqual({
            ok: true,
            image: {
              registry: reg,
              repository: parts.join('/'),
              ...(t ? { tag: t } : {}),
              ...(d ? { digest: d } : {}),
            },
          });
        },
      ),
    );
  });

  it('nothing that parses carries a shell metacharacter, whitespace or a path escape', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const parsed = parseImageReference(text);
        if (parsed.ok) {
          expect(text).not.toMatch(/[\s;&|$`'"\\<>(){}!*?#~]/);
          expect(parsed.image.repository.split('/')).not.toContain('..');
          expect(text.startsWith('-')).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constant('a'.repeat(10_000))), (text) => {
        expect(() => parseImageReference(text)).not.toThrow();
      }),
    );
  });
});
