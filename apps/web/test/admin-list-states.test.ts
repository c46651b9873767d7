import { ScrollText } from 'lucide-react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import { ListStates } from '../src/components/admin/lists/list-states';

const base = {
  errorTitle: 'The audit log could not be loaded',
  errorMessage: 'The orders service did not answer',
  loadingLabel: 'Loading the audit log',
  empty: { icon: ScrollText, title: 'No entries yet', body: 'Every sign-in appears here.' },
};
const render = (query: { isError: boolean; isPending: boolean }, isEmpty: boolean) =>
  renderToStaticMarkup(
    createElement(ListStates, {
      ...base,
      query,
      isEmpty,
      children: createElement('table', null, 'rows'),
    }),
  );

describe('the admin list states', () => {
  it('shows the error with its message before anything else', () => {
    const html = render({ isError: true, isPending: false }, true);
    expect(html).toContain('role="alert"');
    expect(html).toContain('The audit log could not be loaded');
    expect(html).toContain('The orders service did not answer');
    expect(html).not.toContain('<table');
  });

  it('names the loading skeleton for screen readers', () => {
    const html = render({ isError: false, isPending: true }, true);
    expect(html).toContain('role="status"');
    expect(html).toContain('aria-label="Loading the audit log"');
    expect(html).not.toContain('No entries yet');
  });

  it('shows the empty state, not an empty table, when a page has no rows', () => {
    const html = render({ isError: false, isPending: false }, true);
    expect(html).toContain('No entries yet');
    expect(html).toContain('Every sign-in appears here.');
    expect(html).not.toContain('<table');
  });

  it('shows the list once rows are in', () => {
    const html = render({ isError: false, isPending: false }, false);
    expect(html).toContain('<table>rows</table>');
    expect(html).not.toContain('No entries yet');
  });
});
