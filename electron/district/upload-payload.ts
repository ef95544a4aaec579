import { formatReceiptNo, type SettlementRecord } from '../../shared/ledger';
import type { UploadPayloads } from '../settlement/settlement-service';

// National platform dictionaries (domain notes): insutype 390 resident / 310 employee basic insurance;
// med_type 11 general outpatient, 14 chronic/special outpatient, 21 general inpatient.
const MED_TYPE_CODES = { outpatient: '11', chronic: '14', inpatient: '21' } as const;
const CHARGE_LEVEL_CODES = { A: '01', B: '02', C: '03' } as const;

/**
 * What the district upload sends for a settlement, shaped like the national platform's 2207 output so a
 * real adapter is a mapping. The ledger writes it into the outbox in the settlement's own transaction; the
 * message id is assigned when it is sent, and upload-records.ts completes it from the ledger's rows.
 */
export function settlementPayload(record: SettlementRecord) {
  return {
    infno: '2207',
    setlinfo: {
      setl_id: record.receiptNo,
      psn_cert_no: record.person.idNumber,
      psn_name: record.person.name,
      med_type: MED_TYPE_CODES[record.visit.medType],
      setl_time: record.settledAt,
      ...record.amounts,
    },
    setldetail: record.funds,
    feedetail: record.lines.map((line, index) => ({
      feedetl_sn: String(index + 1),
      hilist_code: line.insurerCode,
      medins_list_codg: line.itemCode,
      medins_list_name: line.name,
      chrgitm_lv: CHARGE_LEVEL_CODES[line.class],
      pric: line.price,
      cnt_milli: line.qtyMilli,
      det_item_fee_sumamt: line.amount,
      overlmt_amt: line.overlimit,
      preselfpay_amt: line.preself,
      inscp_scp_amt: line.inscope,
      fulamt_ownpay_amt: line.fulamt,
    })),
    setl_proc_info: record.trace.map((step) => `${step.title}：${step.text}`).join('\n'),
  };
}

/** 2208 settlement cancel: names the original settlement and carries the negated amounts. */
export function refundPayload(record: SettlementRecord, original: { counterId: string; receiptNo: number }) {
  return {
    infno: '2208',
    setl_id: record.receiptNo,
    orig_setl_id: formatReceiptNo(original.counterId, original.receiptNo),
    psn_cert_no: record.person.idNumber,
    reason: record.reason,
    setl_time: record.settledAt,
    ...record.amounts,
  };
}

/** The district's record formats, handed to the ledger by the composition root. */
export const uploadPayloads: UploadPayloads = { settlement: settlementPayload, refund: refundPayload };
