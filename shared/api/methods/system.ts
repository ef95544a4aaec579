import { z } from 'zod';
import type { CounterSettings, SystemInfo } from '../../domain';
import { EVERYONE } from '../../roles';
import { counterId, text } from '../schemas';
import { method } from '../define';

/** 收费台概况与设置 (electron/system) */
export const systemMethods = {
  'system.info': method<SystemInfo>()({
    summary: '收费台与数据库的概况',
    input: z.object({}).strict(),
    roles: EVERYONE,
    mutates: false,
    public: true,
  }),
  'system.updateSettings': method<CounterSettings>()({
    summary: '修改医院名称与收费台编号',
    input: z
      .object({
        hospitalName: text('医院名称', 60),
        counterId: counterId,
      })
      .strict(),
    roles: ['admin'],
    mutates: true,
  }),
};
