import { baseConfig } from '@ticketing/eslint-config/base';

// Programs of the platform's users: the public client only, never an app or a database module.
export default baseConfig({ ownDatabase: null, isPackage: true });
