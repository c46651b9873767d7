import { baseConfig } from '@ticketing/eslint-config/base';

// packages/db defines every database module; it is the one place allowed to see all three.
export default baseConfig({ ownDatabase: 'main', isPackage: true }).map((block) =>
  block.rules?.['no-restricted-imports'] ? { ...block, rules: { ...block.rules, 'no-restricted-imports': 'off' } } : block,
);
