import type { CatalogueHit, InsuredPerson } from '../../../../shared/domain';
import type { ShiftSummary } from '../../../../shared/shift';
import { todayText } from '../../kit';
import type { Desk } from './billState';
import { ageOn } from './counterFormat';

let nextLineKey = 1;

const ageToday = (person: InsuredPerson) => ageOn(person.birthDate, todayText());

/**
 * What the cashier does to the bill itself (no call to the main process): identify the patient, add, change
 * and remove lines, switch 自费 and the personal account, start a new bill, open 交班. Each moves focus
 * where the next key belongs.
 */
export function useDeskActions({ state, dispatch, focus, bill }: Desk, { shift, canSettle }: { shift: ShiftSummary | null; canSettle: boolean }) {
  const pickPatient = (person: InsuredPerson) => {
    dispatch({ type: 'patientPicked', person, age: ageToday(person) });
    focus.picker();
  };

  const addItem = (item: CatalogueHit) => {
    const existing = state.lines.findIndex((l) => l.item.code === item.code);
    if (existing >= 0) {
      dispatch({ type: 'itemAlreadyBilled', name: item.name, index: existing });
      focus.qty(existing);
      return;
    }
    const index = state.lines.length;
    dispatch({ type: 'lineAdded', line: { key: nextLineKey++, item, qty: '1' } });
    focus.later(() => focus.qty(index));
  };

  const removeLine = (index: number) => {
    const remaining = state.lines.length - 1;
    dispatch({ type: 'lineRemoved', index });
    focus.later(() => (remaining > 0 ? focus.row(Math.min(index, remaining - 1)) : focus.picker()));
  };

  const startNewBill = () => {
    dispatch({ type: 'newBillStarted' });
    focus.later(focus.patient);
  };

  return {
    pickPatient,
    addItem,
    removeLine,
    startNewBill,
    setQty: (index: number, qty: string) => dispatch({ type: 'qtyChanged', index, qty }),

    /** Alt+N: a bill with a patient or lines is only dropped once the cashier confirms. */
    askNewBill: () => {
      if (state.mode === 'bill' && (state.lines.length > 0 || bill.person)) dispatch({ type: 'dialogOpened', dialog: 'newBill' });
      else startNewBill();
    },

    /** A walk-in registered by name: the new patient field is empty, the bill is theirs. */
    registerWalkIn: (person: InsuredPerson) => {
      dispatch({ type: 'walkInRegistered', person, age: ageToday(person) });
      focus.picker();
      focus.later(focus.picker);
    },

    /** Alt+Z: an insured patient pays this bill themselves, or no longer does. */
    toggleSelfPay: () => {
      if (!bill.person) dispatch({ type: 'noticeShown', notice: '请先识别患者，再按 Alt+Z 选择自费' });
      else if (!bill.insured) dispatch({ type: 'noticeShown', notice: `${bill.person.name} 未参保，账单已按自费结算` });
      else dispatch({ type: 'selfPayToggled' });
    },

    /** F10: 交班 for the cashier of the shift, a look at it for a manager. */
    openClose: () => {
      if (!shift) dispatch({ type: 'noticeShown', notice: '尚未开班' });
      else dispatch({ type: 'dialogOpened', dialog: canSettle ? 'close' : 'shiftView' });
    },
  };
}

export type DeskActions = ReturnType<typeof useDeskActions>;
