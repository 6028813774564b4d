import {
  defaultBranchFor,
  deployAppName,
  gitOpsValuesPath,
  pipelineWorkflowId,
  releaseWorkflowId,
  workloadName,
} from '../../src/domain/naming';
import { isPermitted, resolvePrincipals } from '../../src/domain/permissions';
import { testCatalog } from '../harness/catalog-fixture';

describe('the naming convention', () => {
  it('derives every identifier from the service name', () => {
    expect(releaseWorkflowId('orders', 'prod')).toBe('release/orders/prod');
    expect(pipelineWorkflowId('orders', 'dev', 'abc123')).toBe('pipeline/orders/dev/abc123');
    expect(deployAppName('orders', 'prod')).toBe('orders-prod');
    expect(workloadName('orders', 'stable')).toBe('orders');
    expect(workloadName('orders', 'gray')).toBe('orders-gray');
    expect(gitOpsValuesPath('orders', 'prod')).toBe('environments/prod/orders.yaml');
  });
  it('ships prod from the release branch and every other environment from its own', () => {
    expect(defaultBranchFor('prod')).toBe('release');
    expect(defaultBranchFor('pre')).toBe('pre');
  });
});

describe('permissions', () => {
  const catalog = testCatalog();
  it('expands roles into people for one service', () => {
    expect(resolvePrincipals(catalog, 'orders', ['owner'])).toEqual(['alice']);
    expect(resolvePrincipals(catalog, 'orders', ['lead', 'release-manager'])).toEqual(['bob', 'carol']);
    expect(resolvePrincipals(catalog, 'orders', ['*', 'ci', 'dave'])).toEqual(['*', 'ci', 'dave']);
  });
  it('lets "*" mean anyone known, never a stranger', () => {
    expect(isPermitted(['*'], 'dave', ['alice', 'dave'])).toBe(true);
    expect(isPermitted(['*'], 'mallory', ['alice', 'dave'])).toBe(false);
    expect(isPermitted(['alice'], 'dave', ['alice', 'dave'])).toBe(false);
  });
});
