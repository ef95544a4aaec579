import type { Content, TableCell } from 'pdfmake/interfaces';

/** Building blocks shared by the report documents: headings, ruled tables, signature lines. */

export type Align = 'left' | 'right' | 'center';

export function heading(hospital: string, title: string, subtitle: string): Content[] {
  return [
    { text: hospital, style: 'hospital' },
    { text: title, style: 'title' },
    { text: subtitle, style: 'subtitle' },
  ];
}

export function section(text: string): Content {
  return { text, style: 'section' };
}

export interface Column {
  header: string;
  width: number | '*' | 'auto';
  align?: Align;
}

/**
 * A ruled table: header row shaded and repeated on every page, amounts right-aligned, `totalRows` last rows
 * in bold. Cells are plain text so that `pdftotext -layout` gives each row on one line.
 */
export function table(columns: Column[], rows: string[][], options: { totalRows?: number; errorRows?: ReadonlySet<number> } = {}): Content {
  const totalFrom = rows.length - (options.totalRows ?? 0);
  const body: TableCell[][] = [
    columns.map((c) => ({ text: c.header, style: 'th', alignment: c.align ?? 'left' })),
    ...rows.map((row, r) =>
      row.map((text, i) => ({
        text,
        preserveLeadingSpaces: true,
        alignment: columns[i]?.align ?? 'left',
        ...(r >= totalFrom ? { bold: true } : {}),
        ...(options.errorRows?.has(r) ? { color: '#b00020' } : {}),
      })),
    ),
  ];
  return {
    table: { headerRows: 1, widths: columns.map((c) => c.width), body, dontBreakRows: true },
    layout: {
      hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0.3),
      vLineWidth: () => 0.3,
      hLineColor: () => '#666666',
      vLineColor: () => '#999999',
      paddingLeft: () => 4,
      paddingRight: () => 4,
      paddingTop: () => 2,
      paddingBottom: () => 2,
    },
  };
}

/** Label–value pairs in two columns (a header block), without rules. */
export function facts(pairs: [string, string][]): Content {
  const rows: TableCell[][] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const [a, b] = [pairs[i], pairs[i + 1]];
    rows.push([
      { text: a ? `${a[0]}：` : '', bold: true },
      a ? a[1] : '',
      { text: b ? `${b[0]}：` : '', bold: true },
      b ? b[1] : '',
    ]);
  }
  return { table: { widths: ['auto', '*', 'auto', '*'], body: rows }, layout: 'noBorders', margin: [0, 0, 0, 4] };
}

export function notes(lines: string[]): Content {
  return { stack: lines.map((text) => ({ text, style: 'note', margin: [0, 1, 0, 1] })), margin: [0, 8, 0, 0] };
}

/** 收费员 / 复核人 lines for ink signatures, and the date of signing. */
export function signatures(labels: string[]): Content {
  return {
    columns: labels.map((label) => ({ text: `${label}（签字）：________________`, fontSize: 10 })),
    columnGap: 16,
    margin: [0, 28, 0, 0],
  };
}
