import { z } from 'zod';
import type { SignedInUser } from '../../domain';
import { EVERYONE } from '../../roles';
import { text } from '../schemas';
import { method } from '../define';

/** 登录与会话 (electron/auth) */
export const authMethods = {
  'auth.login': method<{ token: string; user: SignedInUser }>()({
    summary: '登录',
    input: z.object({ username: text('用户名', 40), password: z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(100) }).strict(),
    roles: EVERYONE,
    mutates: true,
    public: true,
  }),
  'auth.me': method<SignedInUser | null>()({
    summary: '当前登录的操作员',
    input: z.object({}).strict(),
    roles: EVERYONE,
    mutates: false,
    public: true,
  }),
  'auth.logout': method<null>()({
    summary: '退出登录',
    input: z.object({}).strict(),
    roles: EVERYONE,
    mutates: false,
    public: true,
  }),
};
