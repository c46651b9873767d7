import { baseConfig } from '@ticketing/eslint-config/base';

// A black-box suite: it reads the three databases with plain SQL, never through a service's schema.
export default baseConfig({ ownDatabase: null, isPackage: true });
