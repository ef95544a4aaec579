import { z } from 'zod';
import type { PolicySummary } from '../../domain';
import { EVERYONE } from '../../roles';
import { method } from '../define';

/** 结算政策 (electron/policy) */
export const policyMethods = {
  'policy.list': method<PolicySummary[]>()({
    summary: '已导入的医保结算政策',
    input: z.object({}).strict(),
    roles: EVERYONE,
    mutates: false,
  }),
  'policy.import': method<PolicySummary>()({
    summary: '导入区县下发的结算政策',
    input: z
      .object({
        document: z.record(z.string(), z.unknown(), { error: '政策文件必须是 JSON 对象' }),
        effectiveFrom: z.string().optional(),
        effectiveTo: z.string().optional(),
      })
      .strict(),
    roles: ['admin', 'manager'],
    mutates: true,
  }),
};
