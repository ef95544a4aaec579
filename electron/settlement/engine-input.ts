import type { CatalogueItem, InsuredPerson } from '../../shared/domain';
import type { BillRequest } from '../../shared/ledger';
import { RATIO_ONE } from '../../shared/money';
import { ApiError } from '../../shared/api/errors';

/**
 * Builds the engine's input (the case format of the policy spec, less the policy) from what the database
 * knows, so the counter goes through exactly the validation the district's worked cases go through.
 *
 * An item without an insurer code (未对码) is billed as class C: the fund pays nothing for what the
 * insurer's catalogue does not recognise.
 */
export function buildCase(args: {
  request: BillRequest;
  items: Map<string, CatalogueItem>;
  person: InsuredPerson;
  accountBalance: number;
  ytd: unknown;
}) {
  const { request, items, person } = args;
  const lines = request.lines.map((line, index) => {
    const item = items.get(line.itemCode);
    if (!item) {
      throw new ApiError('BAD_INPUT', `第 ${index + 1} 行：目录中没有编码为「${line.itemCode}」的项目`, {
        issues: [{ path: `lines[${index}].itemCode`, message: `目录中没有编码为「${line.itemCode}」的项目` }],
      });
    }
    const mapped = item.insurerCode !== null;
    const chargeClass = mapped ? item.chargeClass : 'C';
    return {
      code: item.insurerCode ?? item.code,
      name: item.name,
      class: chargeClass,
      price: item.price,
      qty: line.qty,
      ...(mapped && item.capPrice !== null ? { capPrice: item.capPrice } : {}),
      ...(chargeClass === 'B' && item.selfPayRatioBp !== null ? { selfPayRatio: item.selfPayRatioBp / RATIO_ONE } : {}),
    };
  });
  return {
    bill: { lines },
    person: {
      insuredType: person.insuredType,
      groups: person.groups,
      accountBalance: args.accountBalance,
      useAccount: request.useAccount,
    },
    visit: request.visit,
    ytd: args.ytd,
  };
}
