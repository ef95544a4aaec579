import { keyName, useShortcuts } from '../../kit';
import type { Desk } from './billState';
import { isPrintKey } from './keys';

interface DeskKeyActions {
  print: () => void;
  newBill: () => void;
  toggleSelfPay: () => void;
  readCard: () => void;
  openLookup: () => void;
  preview: () => void;
  openPay: () => void;
  openRefund: () => void;
  openClose: () => void;
  /** F9 in the pay dialog: what its Enter does. */
  confirmPay: () => void;
}

/**
 * The desk's keys, handled in the capture phase (before any field, and before the shell switches screens on
 * F2 or F7–F10): F2 读卡, F7 退费/重打, F8 预结算, F9 结算 (退费 in the look-up), F10 交班, F11/Ctrl+P 打印,
 * Alt+N 新账单, Alt+A 个人账户, Alt+Z 自费. While a dialog is open, F9 confirms the payment and no other
 * F-key may switch screens or start something underneath it.
 */
export function useDeskKeys(active: boolean, { state, dispatch, bill }: Desk, act: DeskKeyActions): void {
  useShortcuts(
    active,
    (e) => {
      const { dialog, mode } = state;
      if (dialog) {
        if (e.key === 'F9' && dialog === 'pay') {
          act.confirmPay();
          return true;
        }
        return /^F\d{1,2}$/.test(e.key) || isPrintKey(e);
      }
      if (isPrintKey(e)) {
        act.print();
        return true;
      }
      const key = keyName(e);
      if (key === 'Alt+N') {
        act.newBill();
        return true;
      }
      if (key === 'Alt+A' && mode === 'bill' && bill.accountAllowed) {
        dispatch({ type: 'accountToggled' });
        return true;
      }
      if (key === 'Alt+Z' && mode === 'bill') {
        act.toggleSelfPay();
        return true;
      }
      // F-keys whatever the modifiers, as the shell reads them: none of them may reach it from here.
      switch (e.key) {
        case 'F2':
          act.readCard();
          return true;
        case 'F7':
          act.openLookup();
          return true;
        case 'F8':
          if (mode === 'bill') act.preview();
          return true;
        case 'F9':
          if (mode === 'bill') act.openPay();
          else if (mode === 'lookup') act.openRefund();
          return true;
        case 'F10':
          act.openClose();
          return true;
        default:
          return false;
      }
    },
    { phase: 'capture' },
  );
}
