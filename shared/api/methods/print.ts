import { z } from 'zod';
import type { PrintJob, PrinterJob } from '../../printing';
import { id, text } from '../schemas';
import { method } from '../define';
import { dailySheetInput } from './reports';

/** 打印队列 (electron/printing) */
export const printMethods = {
  // `error`: the jobs could not be fetched or reported (a terminal that cannot reach the server); nothing was printed.
  'print.drain': method<{ printed: number[]; failed: { jobId: number; reason: string }[]; error?: string }>()({
    summary: '打印待打收据',
    input: z.object({}).strict(),
    roles: ['cashier', 'manager', 'admin'],
    mutates: true,
    // This PC's print worker, on this PC's printer: at a terminal, the terminal's worker (jobs from the server).
    runsOn: 'terminal',
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
  // A window's print worker on the hospital server (issue 13): the caller's counter's jobs, rendered here for
  // its printer, and what that printer did with each. Another counter's job is never handed out or marked.
  'print.jobsForPrinter': method<PrinterJob[]>()({
    summary: '本收费台待打印的收据（服务器排版）',
    input: z
      .object({
        paper: z.union([z.literal(58), z.literal(80)], { error: '纸宽应为 58 或 80 毫米' }),
        limit: z.number({ error: '条数必须是数字' }).int({ error: '条数必须是整数' }).min(1).max(50).default(20),
      })
      .strict(),
    roles: ['cashier', 'manager', 'admin'],
    mutates: false,
    terminalService: true,
  }),
  'print.report': method<{ job: PrintJob; recorded: boolean }>()({
    summary: '报告收据打印结果',
    input: z.discriminatedUnion(
      'outcome',
      [
        z.object({ jobId: id('打印任务编号'), outcome: z.literal('printed') }).strict(),
        z
          .object({
            jobId: id('打印任务编号'),
            outcome: z.literal('failed'),
            reason: text('失败原因', 200),
            // Bytes reached the printer before it failed: part of the receipt may be on paper (next print: 重打).
            partial: z.boolean({ error: 'partial 应为 true 或 false' }).default(false),
          })
          .strict(),
      ],
      { error: '打印结果应为 printed 或 failed' },
    ),
    roles: ['cashier', 'manager', 'admin'],
    mutates: true,
    terminalService: true,
  }),
};
