import { z } from 'zod';

// Runs in the browser before the app's modules. The pages' CSP has no 'unsafe-eval'
// (server/http/page-security.ts): zod would probe `new Function` when a schema is built, and the
// browser reports that probe as a CSP violation even though zod catches it and parses without.
z.config({ jitless: true });
