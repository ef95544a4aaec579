import type { CatalogueItem, InsuredPerson } from '../../shared/domain';
import type { BillRequest } from '../../shared/ledger';
import { RATIO_ONE } from '../../shared/money';
import { formatQty } from '../../shared/quantity';

/** A bill is self-paid when the cashier says so, and always for a person not insured here. */
export function isSelfPay(request: Pick<BillRequest, 'selfPay'>, person: Pick<InsuredPerson, 'insuredType'>): boolean {
  return request.selfPay === true || person.insuredType === 'none';
}

/** A bill line with its price decided: a stocked drug splits into one priced line per batch it draws on. */
export interface PricedLine {
  /** Index of the request line this came from, so errors name the line the cashier typed. */
  requestIndex: number;
  item: CatalogueItem;
  qtyMilli: number;
  price: number;
  batchId: number | null;
  batch?: { batchNo: string; expiryDate: string } | undefined;
}

/**
 * Builds the engine's input (the case format of the policy spec, less the policy) from what the database
 * knows, so the counter goes through exactly the validation the district's worked cases go through.
 *
 * An item without an insurer code (未对码) is billed as class C: the fund pays nothing for what the
 * insurer's catalogue does not recognise.
 */
export function buildCase(args: {
  request: BillRequest;
  lines: readonly PricedLine[];
  person: InsuredPerson;
  accountBalance: number;
  ytd: unknown;
}) {
  const { request, person } = args;
  const selfPay = isSelfPay(request, person);
  const lines = args.lines.map(({ item, qtyMilli, price }) => {
    // Self-pay bills everything as class C: the engine then pays nothing from any fund.
    const mapped = item.insurerCode !== null && !selfPay;
    const chargeClass = mapped ? item.chargeClass : 'C';
    return {
      code: item.insurerCode ?? item.code,
      name: item.name,
      class: chargeClass,
      price,
      qty: Number(formatQty(qtyMilli)),
      ...(mapped && item.capPrice !== null ? { capPrice: item.capPrice } : {}),
      ...(chargeClass === 'B' && item.selfPayRatioBp !== null ? { selfPayRatio: item.selfPayRatioBp / RATIO_ONE } : {}),
    };
  });
  return {
    bill: { lines },
    person: {
      insuredType: person.insuredType === 'none' ? 'resident' : person.insuredType,
      groups: selfPay ? [] : person.groups,
      accountBalance: args.accountBalance,
      useAccount: request.useAccount && !selfPay,
    },
    visit: request.visit,
    ytd: args.ytd,
  };
}
