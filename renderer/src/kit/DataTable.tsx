import { useMemo, type HTMLAttributes, type ReactNode, type Ref } from 'react';
import { createColumnHelper, tableFeatures, useTable, type ColumnDef, type RowData } from '@tanstack/react-table';

/** One column: its header, how a row's cell reads, and whether it holds figures (right-aligned). */
export interface Column<T> {
  id: string;
  header: ReactNode;
  cell: (row: T, index: number) => ReactNode;
  num?: boolean;
  className?: string;
  /** A cell of the footer row (合计); the table has a footer row when any column has one. */
  footer?: ReactNode;
  /** The row's own label (a `<th>` in the body), as in a table of totals read row by row. */
  rowHeader?: boolean;
  /** Attributes of one body cell that depend on its row: a highlight class, a test id. */
  cellProps?: (row: T, index: number) => { className?: string; 'data-testid'?: string };
}

type RowAttributes = HTMLAttributes<HTMLTableRowElement> & { 'aria-selected'?: boolean } & { [data: `data-${string}`]: string | number | boolean | undefined };

interface DataTableProps<T> {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  testId?: string;
  /** Extra classes beside `grid` (`compact`, a screen's own). */
  className?: string;
  compact?: boolean;
  /** Attributes of a body row: its class, test id, selection state. */
  rowProps?: (row: T, index: number) => RowAttributes;
  /** Shown instead of the table when there are no rows; without it an empty table shows its header. */
  empty?: ReactNode;
  /** Footer rows written out in full (合计 spanning columns), instead of per-column footers. */
  foot?: ReactNode;
  caption?: ReactNode;
  tableRef?: Ref<HTMLTableElement>;
}

// No optional table features: the counter's tables neither sort nor page; the row model is the rows as given.
const features = tableFeatures({});

/**
 * The one grid of the renderer: a headless TanStack table (rows by key, cells by column) rendered as a
 * plain `<table class="grid">`, so every list reads, aligns figures and marks its rows alike.
 */
export function DataTable<T extends RowData>({ columns, rows, rowKey, testId, className, compact, rowProps, empty, foot, caption, tableRef }: DataTableProps<T>) {
  // TanStack keeps the row model (rows by key, cells by column id); our cells are rendered by calling the
  // column's own function, not through FlexRender, which would take a new function for a new component type
  // and remount the cell (an input in it would lose focus at every keystroke).
  const ids = columns.map((c) => c.id).join('\u0000');
  const defs = useMemo(() => {
    const helper = createColumnHelper<typeof features, T>();
    return ids.split('\u0000').map((id) => helper.display({ id })) as ColumnDef<typeof features, T>[];
  }, [ids]);
  const data = useMemo(() => [...rows], [rows]);
  const table = useTable({ features, columns: defs, data, getRowId: (row, index) => String(rowKey(row, index)) });
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const cellClass = (c: Column<T>) => [c.num ? 'num' : '', c.className ?? ''].filter(Boolean).join(' ') || undefined;
  const hasFooter = columns.some((c) => c.footer !== undefined);
  return (
    <table ref={tableRef} className={['grid', compact ? 'compact' : '', className ?? ''].filter(Boolean).join(' ')} data-testid={testId}>
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.id} className={cellClass(c)}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => {
          const attributes = rowProps?.(row.original, row.index);
          return (
            <tr key={row.id} {...attributes}>
              {row.getAllCells().map((cell, i) => {
                const column = columns[i]!;
                const own = column.cellProps?.(row.original, row.index);
                const className = [cellClass(column), own?.className].filter(Boolean).join(' ') || undefined;
                const Cell = column.rowHeader ? 'th' : 'td';
                return (
                  <Cell key={cell.id} className={className} data-testid={own?.['data-testid']}>
                    {column.cell(row.original, row.index)}
                  </Cell>
                );
              })}
            </tr>
          );
        })}
      </tbody>
      {(hasFooter || foot) && (
        <tfoot>
          {hasFooter && (
            <tr>
              {columns.map((c) => (
                <th key={c.id} className={cellClass(c)}>
                  {c.footer}
                </th>
              ))}
            </tr>
          )}
          {foot}
        </tfoot>
      )}
    </table>
  );
}
