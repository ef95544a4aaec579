import { useEffect, useState } from 'react';
import { ApiError } from '../../../../shared/api/errors';
import { localDate } from '../../../../shared/dates';
import { api } from '../../api';
import { DailySheetView } from './DailySheetView';
import { MonthlyView } from './MonthlyView';
import { useAltKeys } from './keys';

type View = 'daily' | 'monthly';

/**
 * 日结/月报 (F8): Alt+1 日结单 (cashier and manager), Alt+2 月报 (manager). Whether the 月报 is offered is the
 * main process's answer: a refused call hides it, so the screen never claims a right the user lacks.
 */
export function SettlementReportsScreen({ active }: { active: boolean }) {
  const [view, setView] = useState<View>('daily');
  const [monthly, setMonthly] = useState<'unknown' | 'allowed' | 'refused'>('unknown');

  useEffect(() => {
    let live = true;
    api['reports.monthly']({ month: localDate(new Date()).slice(0, 7) }).then(
      () => live && setMonthly('allowed'),
      (error: unknown) => live && setMonthly(error instanceof ApiError && (error.code === 'FORBIDDEN') ? 'refused' : 'allowed'),
    );
    return () => {
      live = false;
    };
  }, []);

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
