import type { SignedInUser } from '../../../../shared/domain';
import type { ShiftSummary } from '../../../../shared/shift';

export interface CounterState {
  user: SignedInUser | null;
  /** The counter's open shift, null when none is open, undefined while it is being read. */
  shift: ShiftSummary | null | undefined;
  shiftError: string | null;
}

/** Whether this operator may take money now: a cashier in their own open shift. */
export function canTakeMoney({ user, shift }: CounterState): boolean {
  return user?.role === 'cashier' && !!shift && !shift.closing && shift.cashier === user.username;
}

/** Why money cannot be taken now, in words, or nothing when it can. */
export function ShiftNotice({ state, what }: { state: CounterState; what: string }) {
  const { user, shift, shiftError } = state;
  if (shiftError) {
    return (
      <p className="error" role="alert" data-testid="shift-notice">
        读取班次失败：{shiftError}
      </p>
    );
  }
  if (!user || shift === undefined) return <p className="muted">正在读取班次…</p>;
  if (user.role !== 'cashier') {
    return (
      <p className="warn" role="status" data-testid="shift-notice">
        {user.roleName}可以查看，{what}由收费员在本人班次中办理。
      </p>
    );
  }
  if (!shift || shift.closing) {
    return (
      <p className="error" role="alert" data-testid="shift-notice">
        收费台尚未开班，不能{what}：请先按 <kbd>F5</kbd> 到「收费」开班（录入备用金），再回到 <kbd>F6</kbd> 住院。
      </p>
    );
  }
  if (shift.cashier !== user.username) {
    return (
      <p className="error" role="alert" data-testid="shift-notice">
        当前班次属于 {shift.cashier}，不能{what}：请由本人办理，或先交班后在 <kbd>F5</kbd> 收费开班。
      </p>
    );
  }
  return null;
}
