import js from '@eslint/js';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';

const databases = ['main', 'inventory', 'orders'];

/**
 * Shared flat config. `ownDatabase` names the one `@ticketing/db/<name>` module a workspace may
 * import; every other database module is off limits, so a service can only reach another service's
 * data through its API or its events. Packages pass `null`: they own no database.
 *
 * @param {{ ownDatabase: 'main' | 'inventory' | 'orders' | null, isPackage?: boolean }} options
 */
export function baseConfig({ ownDatabase, isPackage = false }) {
  const forbiddenDatabases = databases
    .filter((name) => name !== ownDatabase)
    .map((name) => ({
      group: [`@ticketing/db/${name}`, `@ticketing/db/${name}/*`],
      message: `Only the service that owns ticketing_${name} may import its database module.`,
    }));
  const forbiddenApps = isPackage
    ? [{ group: ['@ticketing/web*', '@ticketing/inventory*', '@ticketing/orders*'], message: 'A package never imports an app.' }]
    : [];

  return tseslint.config(
    { ignores: ['**/.next/**', '**/dist/**', '**/drizzle/**', '**/next-env.d.ts', '**/*.config.*'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
      files: ['**/*.ts', '**/*.tsx'],
      // Type information for the rules that need it: each workspace's own tsconfig.json.
      languageOptions: { parserOptions: { projectService: true } },
      plugins: { 'simple-import-sort': simpleImportSort },
      rules: {
        // A promise nobody awaits loses its error; one handed to a callback that ignores it too.
        '@typescript-eslint/no-floating-promises': 'error',
        // JSX handlers may be async (react-hook-form's handleSubmit), as create-t3-turbo allows.
        '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
        'simple-import-sort/imports': 'error',
        'simple-import-sort/exports': 'error',
        '@typescript-eslint/no-explicit-any': 'error',
        '@typescript-eslint/no-non-null-assertion': 'error',
        '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        'no-restricted-imports': ['error', { patterns: [...forbiddenDatabases, ...forbiddenApps] }],
        'no-restricted-properties': [
          'error',
          { object: 'process', property: 'env', message: 'Read configuration through the validated env.ts of the process.' },
        ],
      },
    },
    {
      // env.ts is the one place that reads process.env; tests set it up for the processes they spawn.
      files: ['**/env.ts', '**/testing.ts', '**/*.test.ts', '**/test/**', '**/vitest.config.ts', 'bench/**', 'scripts/**'],
      rules: { 'no-restricted-properties': 'off' },
    },
  );
}
