import { useEffect, useRef, type RefObject } from 'react';
import { focusPath } from '../../kit';
import { qtyPath } from './BillLines';
import type { Mode } from './billState';

export interface DeskFocus {
  patientRef: RefObject<HTMLInputElement | null>;
  pickerRef: RefObject<HTMLInputElement | null>;
  linesRef: RefObject<HTMLTableElement | null>;
  lookupRef: RefObject<HTMLInputElement | null>;
  receiptRef: RefObject<HTMLDivElement | null>;
  /** A line's quantity, selected for typing over. */
  qty: (index: number) => void;
  /** A line's row (↑↓ move, Enter edits, Del deletes). */
  row: (index: number) => void;
  picker: () => void;
  patient: () => void;
  /** Runs `fn` after the next render, once the element it focuses exists. */
  later: (fn: () => void) => void;
}

/**
 * Where the cashier's keys go on the desk. Focus is never left on nothing: after a dialog closes or the view
 * changes it goes to the view's first field (the receipt, the look-up, the item picker or the patient field),
 * and so it does when 收费 shows again.
 */
export function useDeskFocus({ mode, hasPerson, active, dialogOpen }: { mode: Mode; hasPerson: boolean; active: boolean; dialogOpen: boolean }): DeskFocus {
  const patientRef = useRef<HTMLInputElement>(null);
  const pickerRef = useRef<HTMLInputElement>(null);
  const linesRef = useRef<HTMLTableElement>(null);
  const lookupRef = useRef<HTMLInputElement>(null);
  const receiptRef = useRef<HTMLDivElement>(null);
  const afterRender = useRef<(() => void) | null>(null);
  const wasActive = useRef(false);
  const hadDialog = useRef(false);

  const focusDefault = () => {
    if (mode === 'receipt') receiptRef.current?.focus();
    else if (mode === 'lookup') lookupRef.current?.focus();
    else if (hasPerson) pickerRef.current?.focus();
    else patientRef.current?.focus();
  };
  useEffect(() => {
    const fn = afterRender.current;
    afterRender.current = null;
    fn?.();
    // A dialog that just closed hands focus back to where it was opened from a tick later (the kit's Dialog,
    // on Radix's timer), which would undo a move made on purpose (新账单 → the patient field): make it again.
    if (fn && hadDialog.current && !dialogOpen) setTimeout(fn, 0);
    hadDialog.current = dialogOpen;
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (active && !dialogOpen && lost) focusDefault();
  });
  useEffect(() => {
    if (active && !wasActive.current) focusDefault();
    wasActive.current = active;
  });

  return {
    patientRef,
    pickerRef,
    linesRef,
    lookupRef,
    receiptRef,
    qty: (index) => focusPath(linesRef.current, [qtyPath(index)]),
    row: (index) => linesRef.current?.querySelectorAll<HTMLElement>('tr[data-testid="bill-line"]')[index]?.focus(),
    picker: () => pickerRef.current?.focus(),
    patient: () => patientRef.current?.focus(),
    later: (fn) => {
      afterRender.current = fn;
    },
  };
}
