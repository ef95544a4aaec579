import { z } from 'zod';
import type { LanLink, LanServerInfo, PairingCode, TerminalSummary } from '../../lan';
import { EVERYONE } from '../../roles';
import { method } from '../define';
import { counterId, id, text } from '../schemas';

/** 医院网络：服务器为各窗口的终端配对、列出与停用 (electron/lan). Only the 信息员 manages it. */
export const lanMethods = {
  // The title bar's mode and, at a terminal, whether the hospital server answers: the terminal answers it itself.
  'lan.link': method<LanLink>()({
    summary: '本机的联网方式与医院服务器连接状态',
    input: z.object({}).strict(),
    roles: EVERYONE,
    mutates: false,
    public: true,
    runsOn: 'terminal',
  }),
  'lan.server': method<LanServerInfo | null>()({
    summary: '医院服务器的证书指纹与地址',
    input: z.object({}).strict(),
    roles: ['admin'],
    mutates: false,
  }),
  'lan.createPairingCode': method<PairingCode>()({
    summary: '生成终端配对码',
    input: z.object({ name: text('窗口名称', 30), counterId }).strict(),
    roles: ['admin'],
    mutates: true,
  }),
  'lan.terminals': method<TerminalSummary[]>()({
    summary: '已配对的终端',
    input: z.object({}).strict(),
    roles: ['admin'],
    mutates: false,
  }),
  'lan.revoke': method<TerminalSummary>()({
    summary: '停用终端',
    input: z.object({ terminalId: id('终端编号') }).strict(),
    roles: ['admin'],
    mutates: true,
  }),
};
