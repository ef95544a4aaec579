import { useState } from 'react';
import { ApiError } from '../../../../shared/api/errors';
import { api } from '../../api';
import { todayText, useAltKeys, useApiCall } from '../../kit';
import { DailySheetView } from './DailySheetView';
import { MonthlyView } from './MonthlyView';

type View = 'daily' | 'monthly';
type Access = 'allowed' | 'refused';

/** Asks for this month's 月报: only a FORBIDDEN answer means the user may not read it (any other failure shows the view, which says why). */
const monthlyAccess = (): Promise<Access> =>
  api['reports.monthly']({ month: todayText().slice(0, 7) }).then(
    () => 'allowed',
    (error: unknown) => (error instanceof ApiError && error.code === 'FORBIDDEN' ? 'refused' : 'allowed'),
  );

/**
 * 日结/月报 (F8): Alt+1 日结单 (cashier and manager), Alt+2 月报 (manager). Whether the 月报 is offered is the
 * main process's answer: a refused call hides it, so the screen never claims a right the user lacks.
 */
export function SettlementReportsScreen({ active }: { active: boolean }) {
  const [view, setView] = useState<View>('daily');
  // The error is read for its code, so this is a composed call (the kit's useApi keeps only the message).
  const monthly = useApiCall(monthlyAccess, 'monthly-access').data ?? 'unknown';

  const showMonthly = monthly === 'allowed';
  const current: View = showMonthly ? view : 'daily';
  useAltKeys(active, { '1': () => setView('daily'), ...(showMonthly ? { '2': () => setView('monthly') } : {}) });

  return (
    <div className="rp-screen" data-testid="settlement-reports" data-monthly={monthly}>
      <nav className="subtabs" aria-label="日结/月报">
        <button className={current === 'daily' ? 'active' : ''} onClick={() => setView('daily')} data-testid="tab-daily">
          <kbd>Alt+1</kbd> 日结单
        </button>
        {showMonthly && (
          <button className={current === 'monthly' ? 'active' : ''} onClick={() => setView('monthly')} data-testid="tab-monthly">
            <kbd>Alt+2</kbd> 月报
          </button>
        )}
      </nav>
      {current === 'daily' && <DailySheetView active={active} />}
      {current === 'monthly' && <MonthlyView active={active} />}
    </div>
  );
}
