import { z } from 'zod';
import type {
  CatalogueItem,
  CounterSettings,
  InsuredPerson,
  PolicySummary,
  SystemInfo,
} from '../domain';
import { EVERYONE } from '../roles';
import { method, type MethodSpec } from './define';

/** Text a person typed: trimmed, never empty, bounded so one call cannot flood the main process. */
const text = (label: string, max: number) =>
  z
    .string({ error: `${label}必须是文字` })
    .trim()
    .min(1, { error: `请输入${label}` })
    .max(max, { error: `${label}不能超过 ${max} 个字` });

const limit = z.number({ error: '条数必须是数字' }).int({ error: '条数必须是整数' }).min(1).max(100).default(20);

/**
 * Every call the renderer can make. The main process registers all of them through one generic path
 * (`electron/api/dispatcher.ts`); the preload and the HTTP host carry them unchanged.
 */
export const api = {
  'system.info': method<SystemInfo>()({
    summary: '收费台与数据库的概况',
    input: z.object({}).strict(),
    roles: EVERYONE,
    mutates: false,
  }),
  'system.updateSettings': method<CounterSettings>()({
    summary: '修改医院名称与收费台编号',
    input: z
      .object({
        hospitalName: text('医院名称', 60),
        counterId: z
          .string({ error: '收费台编号必须是文字' })
          .regex(/^[A-Za-z0-9]{1,8}$/, { error: '收费台编号只能是 1–8 位字母或数字' }),
      })
      .strict(),
    roles: ['admin'],
    mutates: true,
  }),
  'catalogue.search': method<CatalogueItem[]>()({
    summary: '按编码、名称或拼音首字母查找药品和诊疗项目',
    input: z.object({ query: text('查询内容', 40), limit }).strict(),
    roles: EVERYONE,
    mutates: false,
  }),
  'people.find': method<InsuredPerson[]>()({
    summary: '按身份证号、社保卡号或姓名查找参保人',
    input: z.object({ query: text('查询内容', 40), limit }).strict(),
    roles: ['cashier', 'manager', 'admin'],
    mutates: false,
  }),
  'policy.list': method<PolicySummary[]>()({
    summary: '已导入的医保结算政策',
    input: z.object({}).strict(),
    roles: EVERYONE,
    mutates: false,
  }),
} as const satisfies Record<string, MethodSpec>;

export type Api = typeof api;
export type MethodName = keyof Api;
/** What a caller passes (defaults may be omitted). */
export type InputOf<M extends MethodName> = z.input<Api[M]['input']>;
/** What a handler receives after validation. */
export type ParsedInputOf<M extends MethodName> = z.output<Api[M]['input']>;
export type OutputOf<M extends MethodName> = NonNullable<Api[M]['_output']>;

export const METHOD_NAMES = Object.keys(api) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}
