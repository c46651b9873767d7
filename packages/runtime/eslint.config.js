import { baseConfig } from '@ticketing/eslint-config/base';

export default baseConfig({ ownDatabase: null, isPackage: true });
