import { z } from 'zod';

import { CONTROL_MESSAGE, isSafeText } from './text';

/** An instant as the APIs write it: ISO-8601 with an offset (`2026-05-01T19:30:00.000Z`). */
export const timestamp = z.iso.datetime({ offset: true });

/** An e-mail address as a buyer gives it; 254 is the longest a mail system carries. */
export const email = z.email().max(254).refine(isSafeText, CONTROL_MESSAGE);
