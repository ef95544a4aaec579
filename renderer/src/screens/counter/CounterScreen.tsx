import { useCallback, useEffect, useRef, useState } from 'react';
import type { SignedInUser } from '../../../../shared/domain';
import type { ShiftSummary } from '../../../../shared/shift';
import { api } from '../../api';
import { FormError, messageOf, useShortcuts } from '../../kit';
import { BillDesk } from './BillDesk';
import { isPrintKey } from './keys';
import { drainReceipts } from './printing';
import { ShiftOpenForm } from './ShiftOpenForm';
import { ShiftSummaryView } from './ShiftSummaryView';

interface CounterScreenProps {
  user: SignedInUser;
  /** The screen stays mounted behind other tabs (a bill survives a look at F3); keys only while showing. */
  active: boolean;
  hospitalName: string;
  counterId: string;
}

/**
 * 收费 (F5): the shift gate first — a cashier opens a shift with the float before anything else — then the
 * billing desk. The view showing (开班, the desk, the closed shift) registers the counter's own keys (F2,
 * F7–F11, Alt+N, Ctrl+P) in the capture phase, ahead of the shell's F-keys, while 收费 is showing.
 */
export function CounterScreen({ user, active, hospitalName, counterId }: CounterScreenProps) {
  // The shift as the gate knows it: asked again whenever 收费 shows and after each settlement, and set at
  // once from what 开班 and 交班 answer (so the desk or the form appears without asking again).
  const [state, setState] = useState<{ loaded: boolean; shift: ShiftSummary | null; error: string | null }>({
    loaded: false,
    shift: null,
    error: null,
  });
  const [closed, setClosed] = useState<ShiftSummary | null>(null);

  const refresh = useCallback(() => {
    api['shift.current']().then(
      (shift) => setState({ loaded: true, shift, error: null }),
      (e: unknown) => setState((s) => ({ ...s, loaded: true, error: messageOf(e) })),
    );
  }, []);
  useEffect(() => {
    if (active) refresh();
  }, [active, refresh]);

  const cashier = user.role === 'cashier';
  const shift = state.shift;
  let body;
  if (closed) {
    body = (
      <ClosedShift
        summary={closed}
        active={active}
        cashierName={`${user.name}（${closed.cashier}）`}
        hospitalName={hospitalName}
        onNext={() => {
          setClosed(null);
          refresh();
        }}
      />
    );
  } else if (!state.loaded) {
    body = <p className="muted">正在读取班次…</p>;
  } else if (cashier && !shift) {
    body = <ShiftOpenForm counterId={counterId} active={active} onOpened={(opened) => setState({ loaded: true, shift: opened, error: null })} />;
  } else if (cashier && shift && shift.cashier !== user.username) {
    body = (
      <p className="error" role="alert" data-testid="shift-other">
        收费台 {shift.counterId} 的当前班次属于 {shift.cashier}（营业日 {shift.businessDate}）：请由其本人交班后，再由您开班收费。
      </p>
    );
  } else {
    body = (
      <BillDesk
        user={user}
        shift={shift}
        canSettle={cashier && shift !== null}
        active={active}
        hospitalName={hospitalName}
        onShiftChanged={refresh}
        onShiftClosed={(summary) => {
          setClosed(summary);
          setState({ loaded: true, shift: null, error: null });
          // The shift's summary is queued for the receipt printer with the closing: print it now.
          void drainReceipts();
        }}
      />
    );
  }

  return (
    <section className="counter" data-testid="counter-screen">
      <h2>收费</h2>
      <FormError error={state.error} />
      {body}
    </section>
  );
}

/** After 交班: the shift's summary to print (F11) and sign; Enter goes on to the next shift's 开班. */
function ClosedShift({ summary, active, cashierName, hospitalName, onNext }: { summary: ShiftSummary; active: boolean; cashierName: string; hospitalName: string; onNext: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  // F11 prints the summary; the desk's other keys do nothing here (and do not reach the shell).
  useShortcuts(
    active,
    (e) => {
      if (isPrintKey(e)) {
        window.print();
        return true;
      }
      return /^F(2|7|8|9|10)$/.test(e.key);
    },
    { phase: 'capture' },
  );
  return (
    <div
      ref={ref}
      tabIndex={-1}
      className="closed-shift"
      data-testid="shift-closed"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target === e.currentTarget) {
          e.preventDefault();
          onNext();
        }
      }}
    >
      <p className="ok-line" role="status">
        已交班。F11 打印交班汇总，Enter 返回开班。
      </p>
      <ShiftSummaryView shift={summary} cashierName={cashierName} hospitalName={hospitalName} />
      <p>
        <button type="button" onClick={() => window.print()}>
          打印 <kbd>F11</kbd>
        </button>{' '}
        <button type="button" onClick={() => onNext()}>
          返回开班 <kbd>Enter</kbd>
        </button>
      </p>
    </div>
  );
}
