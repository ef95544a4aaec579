import { z } from 'zod';
import type { SettlementPreview, SettlementRecord } from '../../ledger';
import { type Level, LEVELS, MED_TYPES, type MedType } from '../../settlement/types';
import { clientRequestId, fen, id, payMethod, text } from '../schemas';
import { method } from '../define';

/** A bill as the counter sends it, for 预结算 and 结算 alike. */
export const billRequest = z
  .object({
    personId: id('参保人编号'),
    visit: z
      .object({
        medType: z.enum(MED_TYPES as [MedType, ...MedType[]], { error: '就诊类型应为 outpatient、chronic 或 inpatient' }),
        level: z.enum(LEVELS as [Level, ...Level[]], { error: '医院级别应为 township、county 或 city' }),
      })
      .strict(),
    lines: z
      .array(
        z
          .object({
            itemCode: text('项目编码', 40),
            qty: z.number({ error: '数量必须是数字' }).positive({ error: '数量必须大于 0' }),
          })
          .strict(),
        { error: '明细必须是列表' },
      )
      .min(1, { error: '账单至少要有一条明细' })
      .max(500, { error: '一张账单最多 500 条明细' }),
    useAccount: z.boolean({ error: '是否使用个人账户必须是 true 或 false' }).default(false),
    selfPay: z.boolean({ error: '是否自费必须是 true 或 false' }).default(false),
  })
  .strict();

/** 门诊预结算、结算、退费 (electron/settlement) */
export const settlementMethods = {
  'settlement.preview': method<SettlementPreview>()({
    summary: '预结算（只计算，不记账）',
    input: billRequest,
    roles: ['cashier', 'manager'],
    mutates: false,
  }),
  'settlement.settle': method<SettlementRecord>()({
    summary: '结算并收费',
    input: billRequest.extend({
      clientRequestId,
      payMethod: payMethod,
      /** 实收: the cash handed over, when paying cash; absent = exactly the amount due. */
      tendered: fen('实收金额').optional(),
    }),
    roles: ['cashier'],
    mutates: true,
  }),
  'settlement.refund': method<SettlementRecord>()({
    summary: '整单退费',
    input: z
      .object({
        settlementId: id('结算编号'),
        reason: text('退费原因', 100),
        clientRequestId,
        approval: z
          .object({ username: text('审批人用户名', 40), password: z.string({ error: '请输入审批密码' }).min(1, { error: '请输入审批密码' }) })
          .strict(),
      })
      .strict(),
    roles: ['cashier', 'manager'],
    mutates: true,
  }),
  'settlement.get': method<SettlementRecord>()({
    summary: '查看一笔结算',
    input: z.object({ settlementId: id('结算编号') }).strict(),
    roles: ['cashier', 'manager', 'admin'],
    mutates: false,
  }),
};
