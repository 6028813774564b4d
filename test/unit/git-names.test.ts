import fc from 'fast-check';
import { isCommitSha, isFullCommitSha, isValidBranchName } from '../../src/domain/git-names';
import { catalogSchema } from '../../src/config/catalog-schema';
import { testCatalog } from '../harness/catalog-fixture';

describe('git names that reach a command line', () => {
  it.each(['main', 'release', 'feature/x-1', 'v1.2', 'a_b'])('accepts branch %j', (name) => {
    expect(isValidBranchName(name)).toBe(true);
  });

  it.each([
    '--upload-pack=touch /tmp/x',
    '-b',
    'a..b',
    'a b',
    'a:b',
    'x.lock',
    '.hidden',
    'a//b',
    '/a',
    'a/',
    '@',
    'a@{1}',
    'a\nb',
    'a~1',
    'a^',
  ])('rejects branch %j', (name) => {
    expect(isValidBranchName(name)).toBe(false);
  });

  it('accepts full commit shas only as lowercase hex of 40 or 64 digits', () => {
    expect(isFullCommitSha('a'.repeat(40))).toBe(true);
    expect(isFullCommitSha('b'.repeat(64))).toBe(true);
    expect(isFullCommitSha('A'.repeat(40))).toBe(false);
    expect(isFullCommitSha('--all')).toBe(false);
    expect(isCommitSha('abc1234')).toBe(true);
    expect(isCommitSha('abc12')).toBe(false);
  });

  it('no accepted branch can be read as an option or carries shell or whitespace characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        if (!isValidBranchName(name)) return;
        expect(name.startsWith('-')).toBe(false);
        expect(name).not.toMatch(/[\s\\:~^?*[]|\.\./);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('catalog names that end up in files, ids and URLs', () => {
  it('refuses an environment name that is not a DNS label', () => {
    const result = catalogSchema.safeParse({ ...testCatalog(), environments: { 'Prod.EU': {} } });
    expect(result.success).toBe(false);
  });

  it('refuses a branch that git would read as an option', () => {
    const result = catalogSchema.safeParse({ ...testCatalog(), environments: { dev: { branch: '--upload-pack=x' } } });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('not a valid Git branch name');
  });

  it('refuses a registry that is not a host', () => {
    const result = catalogSchema.safeParse({ ...testCatalog(), registry: 'https://registry.example.com/' });
    expect(result.success).toBe(false);
  });
});
