// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Type-aware lint for every workspace (`npm run lint`, a turbo task per package). The rules are
 * the ones that catch real bugs — promises nobody awaits or that land where a callback's return is
 * ignored, awaiting a non-promise, a `return` that escapes its `try`, throwing non-errors, switches
 * that miss a case, dead variables — plus the house rules of ../shared/STYLE.md (`import type`, no
 * `any`, no non-null `!`). Formatting is Prettier's job, not this one's.
 */
export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/test-artifacts/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      '.tmp/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.base,
  tseslint.configs.eslintRecommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        projectService: {
          // Test runner configs outside every tsconfig's `include`.
          allowDefaultProject: [
            'apps/web/vitest.config.ts',
            'packages/client/vitest.config.ts',
            'packages/testing/vitest.config.ts',
          ],
          defaultProject: 'tsconfig.base.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // A promise-returning handler on a JSX attribute is React's pattern; elsewhere it is a lost rejection.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      eqeqeq: ['error', 'smart'],
      'no-unused-vars': 'off',
      // A variable a callback reads before its one assignment cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
);
