import type { z } from 'zod';

/**
 * Plain-language messages for the admin forms (the schemas' own messages win where they have
 * one, e.g. the price pattern). Passed per parse, so the shared schemas stay as the API uses them.
 */
export const formMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1 ? 'Required' : `At least ${String(issue.minimum)} characters`;
      if (issue.origin === 'number') return `Must be at least ${String(issue.minimum)}`;
      return undefined;
    case 'too_big':
      if (issue.origin === 'string') return `At most ${String(issue.maximum)} characters`;
      if (issue.origin === 'number') return `Must be at most ${String(issue.maximum)}`;
      return undefined;
    case 'invalid_type':
      return issue.expected === 'number' ? 'Enter a whole number' : 'Required';
    case 'invalid_format':
      return issue.format === 'datetime' ? 'Enter a date and time' : undefined;
    default:
      return undefined;
  }
};
