/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  testTimeout: 120000,
  maxWorkers: 2,
  verbose: false,
  reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
};
