import { z } from 'zod';
import type { PharmacyReport, PriceListEntry, StocktakeMonthReport } from '../../reports';
import type { DailySheet, MonthlyReport, PdfFile } from '../../reports-daily';
import { EVERYONE } from '../../roles';
import type { DailySheetQuery } from '../../reports-daily';
import { counterId, period } from '../schemas';
import { method } from '../define';

const businessDay = z
  .string({ error: '营业日期必须是文字' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: '营业日期应为 yyyy-mm-dd' });

const dailySheetFields = {
  shiftId: z.number({ error: '班次编号必须是数字' }).int({ error: '班次编号必须是整数' }).positive({ error: '班次编号必须大于 0' }).optional(),
  date: businessDay.optional(),
  counterId: counterId.optional(),
};

function checkScope(value: DailySheetQuery, ctx: z.RefinementCtx): void {
  if ((value.shiftId === undefined) === (value.date === undefined)) {
    ctx.addIssue({ code: 'custom', message: '请指定班次编号或营业日期（二者选一）', path: ['shiftId'] });
  }
  if (value.counterId !== undefined && value.date === undefined) {
    ctx.addIssue({ code: 'custom', message: '收费台编号只能与营业日期一起使用（班次已属于一个收费台）', path: ['counterId'] });
  }
}

/** `{ shiftId }` for one shift, or `{ date, counterId? }` for a business day (all counters, or one). */
export const dailySheetInput = z.object(dailySheetFields).strict().superRefine(checkScope);

/** The same, with the paper the short form is printed on (80 mm: 48 columns; 58 mm: 32). */
export const dailySheetSlipInput = z
  .object({
    ...dailySheetFields,
    paper: z.union([z.literal(58), z.literal(80)], { error: '纸宽应为 58 或 80 毫米' }).default(80),
  })
  .strict()
  .superRefine(checkScope);

export const monthlyReportInput = z
  .object({ month: z.string({ error: '月份必须是文字' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份应为 yyyy-mm' }) })
  .strict();

/** 日结单、月报与药房报表 (electron/reports) */
export const reportsMethods = {
  'reports.dailySheet': method<DailySheet>()({ summary: '收费日结单（按班次或营业日）', input: dailySheetInput, roles: ['cashier', 'manager'], mutates: false }),
  'reports.dailySheetPdf': method<PdfFile>()({ summary: '收费日结单 PDF', input: dailySheetInput, roles: ['cashier', 'manager'], mutates: false }),
  'reports.dailySheetSlip': method<string[]>()({ summary: '收费日结单（小票打印简式）', input: dailySheetSlipInput, roles: ['cashier', 'manager'], mutates: false }),
  'reports.monthly': method<MonthlyReport>()({ summary: '医疗服务与医保结算月报', input: monthlyReportInput, roles: ['manager'], mutates: false }),
  'reports.monthlyPdf': method<PdfFile>()({ summary: '医疗服务与医保结算月报 PDF', input: monthlyReportInput, roles: ['manager'], mutates: false }),
  'reports.pharmacy': method<PharmacyReport>()({
    summary: '药品进销存与零差率补助测算',
    input: period,
    roles: ['pharmacist', 'manager'],
    mutates: false,
  }),
  'reports.priceList': method<PriceListEntry[]>()({
    summary: '药品及收费项目价格公示',
    input: z.object({}).strict(),
    roles: EVERYONE,
    mutates: false,
  }),
  'reports.stocktakeMonth': method<StocktakeMonthReport>()({
    summary: '月度盘点报表（三帐相符）',
    input: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, { error: '月份应为 yyyy-mm' }) }).strict(),
    roles: ['pharmacist', 'manager'],
    mutates: false,
  }),
};
