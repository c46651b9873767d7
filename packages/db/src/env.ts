import { databaseUrls } from '@ticketing/env/common';
import { exitOnEnvError, parseEnv } from '@ticketing/env/load-env';

export const loadMigrateEnv = () => exitOnEnvError(() => parseEnv(databaseUrls, process.env));
