/**
 * A typical outpatient receipt: the device page's test print, the tests' and the bench's sample. Its names
 * include an Ext-A character (䓬, which GBK lacks) and long names that wrap on 58 mm paper.
 */
import { fen } from '../../../shared/money';
import type { ReceiptModel } from './receipt-model';

export function sampleReceipt(options: { reprintCount?: number; qr?: boolean } = {}): ReceiptModel {
  const model: ReceiptModel = {
    title: '门诊收费票据',
    hospital: '示范县青山镇卫生院',
    receiptNo: 'MZ202611230001',
    patient: { name: '李建国', idNumber: '430721195803120018', insurance: '城乡居民医保' },
    lines: [
      { name: '阿莫西林胶囊 0.25g*24粒', quantity: '2盒', amount: fen(2560) },
      { name: '地西泮片（苯二氮䓬类）2.5mg*20片', quantity: '1盒', amount: fen(320) },
      { name: '复方丹参滴丸', quantity: '1瓶', amount: fen(2850) },
      { name: '一般诊疗费', quantity: '1次', amount: fen(1000) },
      { name: '血常规检查', quantity: '1次', amount: fen(1500) },
      { name: '0.9%氯化钠注射液 250ml', quantity: '2袋', amount: fen(640) },
    ],
    total: fen(8870),
    funds: [
      { name: '基本医保统筹', amount: fen(5322) },
      { name: '医疗救助', amount: fen(1000) },
    ],
    personal: fen(2548),
    paid: fen(3000),
    change: fen(452),
    operator: '张丽',
    time: '2026-11-23 10:05',
    footer: ['请妥善保管，退费凭此票据'],
  };
  if (options.reprintCount) model.reprint = { count: options.reprintCount };
  if (options.qr) model.qr = 'MZ202611230001|8870|2548';
  return model;
}
