import { z } from 'zod';
import type { Admission, ChargeLine, DailyStatement, DepositReceipt, DischargeResult } from '../../inpatient';
import type { SettlementPreview } from '../../ledger';
import { type Level, LEVELS } from '../../settlement/types';
import { clientRequestId, fen, id, payMethod, text } from '../schemas';
import { method } from '../define';

/** 住院：入院、预交金、记账、日清单、出院 (electron/inpatient) */
export const inpatientMethods = {
  'inpatient.admit': method<Admission>()({
    summary: '入院登记',
    input: z
      .object({
        personId: id('参保人编号'),
        level: z.enum(LEVELS as [Level, ...Level[]], { error: '医院级别应为 township、county 或 city' }).default('township'),
        ward: z.string().max(20).default(''),
        bed: z.string().max(20).default(''),
        diagnosis: z.string().max(100).default(''),
        clientRequestId,
      })
      .strict(),
    roles: ['cashier'],
    mutates: true,
  }),
  'inpatient.list': method<Admission[]>()({
    summary: '在院病人',
    input: z.object({}).strict(),
    roles: ['cashier', 'manager', 'pharmacist'],
    mutates: false,
  }),
  'inpatient.deposit': method<DepositReceipt>()({
    summary: '收预交金',
    input: z
      .object({
        admissionId: id('住院号'),
        amount: fen('预交金金额'),
        method: payMethod,
        clientRequestId,
      })
      .strict(),
    roles: ['cashier'],
    mutates: true,
  }),
  'inpatient.charge': method<ChargeLine[]>()({
    summary: '住院记账',
    input: z
      .object({
        admissionId: id('住院号'),
        lines: z
          .array(z.object({ itemCode: text('项目编码', 40), qty: z.number({ error: '数量必须是数字' }).positive({ error: '数量必须大于 0' }) }).strict())
          .min(1, { error: '至少要有一条费用' })
          .max(200),
        clientRequestId,
      })
      .strict(),
    roles: ['cashier', 'pharmacist'],
    mutates: true,
  }),
  'inpatient.cancelCharge': method<ChargeLine>()({
    summary: '冲销住院费用',
    input: z.object({ chargeId: id('费用编号'), reason: text('冲销原因', 100) }).strict(),
    roles: ['cashier', 'manager'],
    mutates: true,
  }),
  'inpatient.statement': method<DailyStatement>()({
    summary: '住院日清单',
    input: z.object({ admissionId: id('住院号') }).strict(),
    roles: ['cashier', 'manager', 'pharmacist'],
    mutates: false,
  }),
  'inpatient.previewDischarge': method<SettlementPreview>()({
    summary: '出院预结算',
    input: z.object({ admissionId: id('住院号'), useAccount: z.boolean().default(false) }).strict(),
    roles: ['cashier', 'manager'],
    mutates: false,
  }),
  'inpatient.discharge': method<DischargeResult>()({
    summary: '出院结算',
    input: z
      .object({
        admissionId: id('住院号'),
        useAccount: z.boolean().default(false),
        payMethod: payMethod,
        clientRequestId,
      })
      .strict(),
    roles: ['cashier'],
    mutates: true,
  }),
};
