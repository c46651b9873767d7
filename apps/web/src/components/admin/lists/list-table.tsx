import { flexRender, type Header, type Table as TanTable } from '@tanstack/react-table';
import type { ReactNode } from 'react';

import { classNames } from '../../ui/class-names';
import { Table, TableContainer, Td, Th } from '../../ui/table';

/**
 * One page of an admin list: a table from the `md` width up, and below it each row as a card of
 * label/value pairs, so a phone reads an entry top to bottom instead of scrolling a wide table
 * sideways. Both are rendered and CSS shows one; the hidden one is `display: none`, out of the
 * accessibility tree too.
 */
export function ListTable<Row>({
  table,
  label,
  caption,
  dimmed,
  busy,
  headerCell,
  cellClass,
  rowClass,
  cardOrder = [],
}: {
  table: TanTable<Row>;
  label: string;
  caption: string;
  /** The rows shown are the previous page's while the next one loads. */
  dimmed: boolean;
  busy: boolean;
  /** A header's content and attributes in the table (the default is its plain label). */
  headerCell?: (header: Header<Row, unknown>) => { content: ReactNode; props?: object };
  cellClass?: (columnId: string) => string | undefined;
  rowClass?: string;
  /** The cards' order of columns by id, when it differs from the table's (the rest follow). */
  cardOrder?: string[];
}) {
  const rows = table.getRowModel().rows;
  const headers = table.getFlatHeaders();
  const labelOf = (header: Header<Row, unknown>) =>
    flexRender(header.column.columnDef.header, header.getContext());
  const rank = (columnId: string) => {
    const index = cardOrder.indexOf(columnId);
    return index === -1 ? cardOrder.length : index;
  };
  const sortable = headerCell ? headers.filter((header) => header.column.getCanSort()) : [];
  return (
    <>
      <TableContainer
        label={label}
        className={classNames('hidden md:block', dimmed && 'opacity-60')}
      >
        <Table aria-busy={busy || undefined}>
          <caption className="sr-only">{caption}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const custom = headerCell?.(header);
                  return (
                    <Th
                      key={header.id}
                      className={cellClass?.(header.column.id)}
                      {...custom?.props}
                    >
                      {custom ? custom.content : labelOf(header)}
                    </Th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id} className={classNames('hover:bg-slate-50', rowClass)}>
                {row.getVisibleCells().map((cell) => (
                  <Td key={cell.id} className={cellClass?.(cell.column.id)}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </Td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      </TableContainer>
      <section
        aria-label={label}
        aria-busy={busy || undefined}
        className={classNames('md:hidden', dimmed && 'opacity-60')}
      >
        <p className="sr-only">{caption}</p>
        {sortable.length > 0 && (
          <div className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs font-semibold tracking-wide text-slate-700 uppercase">
            <span>Sort by</span>
            {sortable.map((header) => (
              <span key={header.id}>{headerCell?.(header).content}</span>
            ))}
          </div>
        )}
        <ul className="space-y-2">
          {rows.map((row) => (
            <li key={row.id} className="rounded-xl bg-white p-3 text-sm ring-1 ring-slate-200">
              <dl className="grid grid-cols-[5.5rem_minmax(0,1fr)] gap-x-3 gap-y-1.5">
                {[...row.getVisibleCells()]
                  .sort((a, b) => rank(a.column.id) - rank(b.column.id))
                  .map((cell) => {
                    const header = headers.find(
                      (candidate) => candidate.column.id === cell.column.id,
                    );
                    return (
                      <div key={cell.id} className="contents">
                        <dt className="pt-0.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                          {header ? labelOf(header) : cell.column.id}
                        </dt>
                        <dd className="min-w-0 text-slate-800">
                          {flexRender(cell.column.columnDef.cell, cell.getContext())}
                        </dd>
                      </div>
                    );
                  })}
              </dl>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
