import type { ReactNode } from 'react';

/** One figure of a label–value table. */
export interface Fact {
  label: ReactNode;
  value: ReactNode;
  /** A figure: right-aligned, tabular digits (`num`). */
  num?: boolean;
  /** The value cell's test id (the e2e tests read figures by it). */
  testId?: string;
  /** The row's class: `strong` for a total, `due` for what the patient pays, `diff-row` for a difference. */
  rowClass?: string;
  /** The value cell's own class beside `num` (`agree` / `disagree`). */
  valueClass?: string;
}

/** A row: one fact, several side by side (th td th td), or nothing (a fact that does not apply). */
type FactRow = Fact | readonly Fact[] | false | null | undefined;

/**
 * The kit's `Facts` as the counter's figures need it: the kit's takes [label, value] pairs only, while the
 * receipt, the preview's layers, the pay dialog and the shift summary mark rows (合计, 应收), read values by
 * test id and put two facts on a row. Meant to move into kit/DataTable.tsx as `Facts`' object form.
 */
export function FactTable({ rows, caption, className, testId }: { rows: readonly FactRow[]; caption?: ReactNode; className?: string; testId?: string }) {
  return (
    <table className={`facts${className ? ` ${className}` : ''}`} data-testid={testId}>
      {caption && <caption>{caption}</caption>}
      <tbody>
        {rows.map((row, i) => {
          if (!row) return null;
          const facts: readonly Fact[] = Array.isArray(row) ? row : [row as Fact];
          return (
            <tr key={i} className={facts[0]?.rowClass}>
              {facts.map((f, j) => (
                <FactCells key={j} fact={f} />
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function FactCells({ fact }: { fact: Fact }) {
  const valueClass = [fact.num ? 'num' : '', fact.valueClass ?? ''].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <th>{fact.label}</th>
      <td className={valueClass} data-testid={fact.testId}>
        {fact.value}
      </td>
    </>
  );
}
