import { z } from 'zod';
import type { BatchStock, DispensingQueueEntry, DispensingRecord, PharmacySettings, StockInResult, StockLedgerEntry, StocktakeResult } from '../../pharmacy';
import { EVERYONE } from '../../roles';
import { bp, fen, id, isoDate, text } from '../schemas';
import { method } from '../define';

/** 药房：入库、库存、发药、盘点 (electron/pharmacy) */
export const pharmacyMethods = {
  'pharmacy.settings': method<PharmacySettings>()({
    summary: '药房设置（加成率、补助比例、近效期天数）',
    input: z.object({}).strict(),
    roles: EVERYONE,
    mutates: false,
  }),
  'pharmacy.updateSettings': method<PharmacySettings>()({
    summary: '修改药房设置',
    input: z
      .object({
        drugMarkupBp: bp('非基药加成率'),
        compensationMarginBp: bp('零差率补助比例'),
        lossAllowanceBp: bp('合理损耗比例'),
        nearExpiryDays: z.number({ error: '近效期天数必须是数字' }).int().min(1).max(730),
      })
      .strict(),
    roles: ['manager'],
    mutates: true,
  }),
  'pharmacy.stockIn': method<StockInResult>()({
    summary: '药品入库',
    input: z
      .object({
        supplier: text('配送企业', 60),
        invoiceNo: text('发票号', 40),
        receivedOn: isoDate('入库日期'),
        lines: z
          .array(
            z
              .object({
                itemCode: text('药品编码', 40),
                batchNo: text('批号', 40),
                expiryDate: isoDate('有效期'),
                qty: z.number({ error: '数量必须是数字' }).positive({ error: '数量必须大于 0' }),
                purchasePrice: fen('进价'),
                salePrice: fen('销售价').optional(),
              })
              .strict(),
          )
          .min(1, { error: '入库单至少要有一行' })
          .max(500),
      })
      .strict(),
    roles: ['pharmacist'],
    mutates: true,
  }),
  'pharmacy.batches': method<BatchStock[]>()({
    summary: '药品分批次库存',
    input: z.object({ itemCode: text('药品编码', 40) }).strict(),
    roles: EVERYONE,
    mutates: false,
  }),
  'pharmacy.stockList': method<BatchStock[]>()({
    summary: '全部在库批次（盘点用）',
    input: z.object({}).strict(),
    roles: ['pharmacist', 'manager'],
    mutates: false,
  }),
  'pharmacy.ledger': method<StockLedgerEntry[]>()({
    summary: '进销存台账（按药品、批次）',
    input: z.object({ itemCode: text('药品编码', 40) }).strict(),
    roles: ['pharmacist', 'manager', 'admin'],
    mutates: false,
  }),
  'pharmacy.nearExpiry': method<BatchStock[]>()({
    summary: '近效期与过期批次',
    input: z.object({ days: z.number().int().min(0).max(730).optional() }).strict(),
    roles: ['pharmacist', 'manager'],
    mutates: false,
  }),
  'pharmacy.dispensingQueue': method<DispensingQueueEntry[]>()({
    summary: '待发药处方',
    input: z.object({}).strict(),
    roles: ['pharmacist'],
    mutates: false,
  }),
  'pharmacy.dispense': method<DispensingRecord>()({
    summary: '发药',
    input: z.object({ settlementId: id('结算编号') }).strict(),
    roles: ['pharmacist'],
    mutates: true,
  }),
  'pharmacy.stocktake': method<StocktakeResult>()({
    summary: '盘点',
    input: z
      .object({
        takenOn: z.string({ error: '盘点日期必须是文字' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: '盘点日期应为 yyyy-mm-dd' }),
        note: z.string().max(200).default(''),
        counts: z
          .array(
            z
              .object({
                batchId: id('批次编号'),
                countedQty: z.number({ error: '实盘数量必须是数字' }).min(0, { error: '实盘数量不能为负' }),
                reason: z.string().max(100).optional(),
              })
              .strict(),
          )
          .min(1, { error: '盘点单至少要有一个批次' }),
      })
      .strict(),
    roles: ['pharmacist'],
    mutates: true,
  }),
};
