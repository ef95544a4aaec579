import { z } from 'zod';
import { DENOMINATIONS, type ShiftSummary } from '../../shift';
import { fen, id } from '../schemas';
import { method } from '../define';

/** 开班、交班与班次汇总 (electron/shifts) */
export const shiftMethods = {
  'shift.open': method<ShiftSummary>()({
    summary: '开班',
    input: z.object({ float: fen('备用金') }).strict(),
    roles: ['cashier'],
    mutates: true,
  }),
  'shift.current': method<ShiftSummary | null>()({
    summary: '当前班次',
    input: z.object({}).strict(),
    roles: ['cashier', 'manager'],
    mutates: false,
  }),
  'shift.close': method<ShiftSummary>()({
    summary: '交班（院长/财务可代为结束无人交接的班次）',
    input: z
      .object({
        counts: z.partialRecord(
          z.enum(DENOMINATIONS.map((d) => String(d.fen)) as [string, ...string[]], { error: '面额不正确' }),
          z.number({ error: '张数必须是数字' }).int({ error: '张数必须是整数' }).min(0, { error: '张数不能为负' }).max(100_000),
        ),
        note: z.string().max(200).default(''),
      })
      .strict(),
    roles: ['cashier', 'manager'],
    mutates: true,
  }),
  'shift.summary': method<ShiftSummary>()({
    summary: '班次汇总',
    input: z.object({ shiftId: id('班次编号') }).strict(),
    roles: ['cashier', 'manager'],
    mutates: false,
  }),
};
