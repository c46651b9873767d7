import { and, type AnyColumn, or, type SQL, sql } from 'drizzle-orm';

/** How many words of a search count (its length is capped by the storefront contract). */
const MAX_TERMS = 6;

/** The words of a search, each at most once, in order. */
export function searchTerms(query: string | undefined): string[] {
  if (!query) return [];
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/**
 * A term as a LIKE pattern matching it anywhere: `%`, `_` and the escape character itself are
 * escaped, so "100%" finds "100%" and not every text that starts with "100".
 */
export const containsPattern = (term: string) => `%${term.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * Every word must appear (case-insensitively) in at least one of the columns. The words travel as
 * bound parameters; only the fixed `escape '\'` is SQL text.
 */
export function matchesEveryTerm(
  terms: readonly string[],
  columns: readonly AnyColumn[],
): SQL | undefined {
  if (terms.length === 0) return undefined;
  return and(
    ...terms.map((term) => {
      const pattern = containsPattern(term);
      return or(...columns.map((column) => sql`${column} ilike ${pattern} escape '\\'`));
    }),
  );
}
