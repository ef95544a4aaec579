import { fen, type Fen } from './money';
import type { PaymentMethod } from './ledger';

/** Notes and coins in a Chinese cash drawer, in fen. */
export const DENOMINATIONS: readonly { fen: Fen; label: string }[] = [
  { fen: fen(10000), label: '100元' },
  { fen: fen(5000), label: '50元' },
  { fen: fen(2000), label: '20元' },
  { fen: fen(1000), label: '10元' },
  { fen: fen(500), label: '5元' },
  { fen: fen(100), label: '1元' },
  { fen: fen(50), label: '5角' },
  { fen: fen(10), label: '1角' },
];

export interface ShiftSummary {
  id: number;
  counterId: string;
  cashier: string;
  openedAt: string;
  businessDate: string;
  float: Fen;
  settlements: number;
  refunds: number;
  /** Net takings by payment method (refunds negative), as the payments rows add up. */
  byMethod: Record<PaymentMethod, Fen>;
  /** What the drawer should hold: the float plus net cash. */
  expectedCash: Fen;
  /** Fund amounts settled in the shift (to be reconciled with the insurer), net of refunds. */
  fundTotal: Fen;
  medfeeTotal: Fen;
  closing: ShiftClosing | null;
}

export interface ShiftClosing {
  counted: Record<string, number>;
  countedCash: Fen;
  expectedCash: Fen;
  /** counted − expected: negative means the drawer is short. */
  difference: Fen;
  note: string;
  closedAt: string;
}
