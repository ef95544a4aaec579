import { z } from 'zod';
import type { PrintJob } from '../../printing';
import { id } from '../schemas';
import { method } from '../define';
import { dailySheetInput } from './reports';

/** 打印队列 (electron/printing) */
export const printMethods = {
  'print.drain': method<{ printed: number[]; failed: { jobId: number; reason: string }[] }>()({
    summary: '打印待打收据',
    input: z.object({}).strict(),
    roles: ['cashier', 'manager', 'admin'],
    mutates: true,
  }),
  'print.dailySlip': method<PrintJob>()({
    summary: '日结单简式送收据打印机',
    input: dailySheetInput,
    roles: ['cashier', 'manager'],
    mutates: true,
  }),
  'print.pending': method<PrintJob[]>()({
    summary: '待打印的收据',
    input: z.object({}).strict(),
    roles: ['cashier', 'manager', 'admin'],
    mutates: false,
  }),
  'print.reprint': method<PrintJob>()({
    summary: '重打收据',
    input: z
      .object({
        kind: z.enum(['settlement', 'deposit', 'shift'], { error: '收据类别应为 settlement、deposit 或 shift' }),
        refId: id('单据编号'),
      })
      .strict(),
    roles: ['cashier', 'manager'],
    mutates: true,
  }),
};
