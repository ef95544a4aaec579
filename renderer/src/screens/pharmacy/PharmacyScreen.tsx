import { useState } from 'react';
import { useAltKeys } from '../../kit';
import { DispensingView } from './DispensingView';
import { NearExpiryView } from './NearExpiryView';
import { ReportsView } from './ReportsView';
import { StockInView } from './StockInView';
import { StocktakeView } from './StocktakeView';
import { StockView } from './StockView';

const VIEWS = [
  { digit: '1', id: 'queue', title: '发药队列', View: DispensingView },
  { digit: '2', id: 'stockIn', title: '入库', View: StockInView },
  { digit: '3', id: 'stock', title: '库存与台账', View: StockView },
  { digit: '4', id: 'stocktake', title: '盘点', View: StocktakeView },
  { digit: '5', id: 'nearExpiry', title: '近效期', View: NearExpiryView },
  { digit: '6', id: 'reports', title: '报表', View: ReportsView },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

/** 药房 (F4): six views switched with Alt+1 … Alt+6; each view opens with focus in its first field. */
export function PharmacyScreen() {
  const [view, setView] = useState<ViewId>('queue');

  // By physical key (the kit reads the Digit/Numpad code): Alt+digit gives other characters on some layouts.
  useAltKeys(true, Object.fromEntries(VIEWS.map((v) => [v.digit, () => setView(v.id)])));

  const current = VIEWS.find((v) => v.id === view) ?? VIEWS[0];
  return (
    <section data-testid="pharmacy-screen">
      <h2>药房 · {current.title}</h2>
      <nav className="subtabs" aria-label="药房功能">
        {VIEWS.map((v) => (
          <button key={v.id} type="button" className={v.id === view ? 'active' : ''} aria-current={v.id === view ? 'page' : undefined} onClick={() => setView(v.id)}>
            <kbd>Alt+{v.digit}</kbd> {v.title}
          </button>
        ))}
      </nav>
      <current.View key={current.id} />
    </section>
  );
}
