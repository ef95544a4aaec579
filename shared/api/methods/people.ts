import { z } from 'zod';
import type { InsuredPerson } from '../../domain';
import type { YearUsage } from '../../ledger';
import { id, limit, text } from '../schemas';
import { method } from '../define';

/** 参保人查询、年度使用与自费登记 (electron/people) */
export const peopleMethods = {
  'people.find': method<InsuredPerson[]>()({
    summary: '按身份证号、社保卡号或姓名查找参保人',
    input: z.object({ query: text('查询内容', 40), limit }).strict(),
    roles: ['cashier', 'manager', 'admin'],
    mutates: false,
  }),
  'people.usage': method<YearUsage>()({
    summary: '本年度医保使用情况（对照封顶线）',
    input: z.object({ personId: id('参保人编号') }).strict(),
    roles: ['cashier', 'manager'],
    mutates: false,
  }),
  'people.registerWalkIn': method<InsuredPerson>()({
    summary: '登记非参保病人（自费）',
    input: z.object({ name: text('姓名', 30), idNumber: z.string({ error: '请输入身份证号' }).trim().min(1, { error: '请输入身份证号' }) }).strict(),
    roles: ['cashier'],
    mutates: true,
  }),
};
