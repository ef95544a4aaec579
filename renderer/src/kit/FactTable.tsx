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
 * A label–value table (`facts`) whose rows can be marked (合计, 应收), read by test id, and hold two facts
 * side by side: the receipt, the preview's layers, the pay dialog, the shift summary. `Facts` is its short
 * form for plain [label, value] pairs.
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

/** A label–value table of plain [label, value] pairs: a status panel's or a receipt's figures, one per row. */
export function Facts({ rows, testId, className }: { rows: readonly (readonly [ReactNode, ReactNode] | false | null | undefined)[]; testId?: string; className?: string }) {
  return <FactTable rows={rows.map((row) => row && { label: row[0], value: row[1] })} testId={testId} className={className} />;
}
