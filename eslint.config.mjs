import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.tools/',
      '.gantry/',
      'coverage/',
      'examples/',
      'test/.bundle/',
      '*.js',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  {
    files: ['test/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { process: 'readonly', module: 'writable' } },
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Workflow code runs in a deterministic sandbox: no Node built-ins, no I/O, no activity implementations.
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'http', 'https', 'os', 'crypto'],
              message: 'Workflows must be deterministic: no Node built-ins.',
            },
            {
              group: ['../activities/*', '../integrations/*', '**/activities/*', '**/integrations/*'],
              message: 'Workflows import only activity types.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
