// Lint: TypeScript (type-aware where it matters) for server, tests and scripts; Svelte components too.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'schemas/types.ts', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // Plan text reaches the page only through Svelte's escaping; {@html} would bypass it.
    files: ['web/**/*.svelte'],
    rules: { 'svelte/no-at-html-tags': 'error' },
  },
  {
    // Collections built inside a $derived or a function are local values, not state; shared state is
    // declared with $state. The rule cannot tell the two apart and flags every `new Set()`/`new Map()`.
    files: ['web/**/*.svelte', 'web/**/*.svelte.ts'],
    rules: { 'svelte/prefer-svelte-reactivity': 'off' },
  },
);
