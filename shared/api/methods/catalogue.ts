import { z } from 'zod';
import type { CatalogueHit, CatalogueItem } from '../../domain';
import type { CatalogueImportReport } from '../../reports';
import { EVERYONE } from '../../roles';
import { limit, text } from '../schemas';
import { method } from '../define';

/** 目录查询、对码与导入 (electron/catalogue) */
export const catalogueMethods = {
  'catalogue.search': method<CatalogueHit[]>()({
    summary: '按编码、名称或拼音首字母查找药品和诊疗项目（含实时库存）',
    input: z.object({ query: text('查询内容', 40), limit }).strict(),
    roles: EVERYONE,
    mutates: false,
  }),
  'catalogue.unmapped': method<CatalogueItem[]>()({
    summary: '未对码项目清单（只能按自费收费）',
    input: z.object({}).strict(),
    roles: EVERYONE,
    mutates: false,
  }),
  'catalogue.setMapping': method<CatalogueItem>()({
    summary: '修改医保对码',
    input: z
      .object({
        code: text('院内编码', 40),
        insurerCode: z.string().trim().max(60, { error: '医保编码不能超过 60 个字符' }).nullable(),
        reason: text('修改原因', 100),
      })
      .strict(),
    roles: ['manager'],
    mutates: true,
  }),
  'catalogue.import': method<CatalogueImportReport>()({
    summary: '导入区县目录文件（JSON 或 CSV）',
    input: z
      .object({
        format: z.enum(['json', 'csv'], { error: '文件格式应为 json 或 csv' }),
        content: z.string({ error: '文件内容必须是文字' }).min(1, { error: '文件内容为空' }).max(20_000_000, { error: '文件过大' }),
        dryRun: z.boolean().default(false),
      })
      .strict(),
    roles: ['manager'],
    mutates: true,
  }),
};
