import { z } from 'zod';
import type { CardReadResult, DeviceSettings, DeviceStatus } from '../../devices';
import { EVERYONE } from '../../roles';
import { text } from '../schemas';
import { method } from '../define';

/** 收据打印机与读卡器 (electron/devices): the devices plugged into this PC, so at a terminal they run there. */
export const devicesMethods = {
  'devices.settings': method<DeviceSettings>()({
    summary: '设备设置',
    input: z.object({}).strict(),
    roles: EVERYONE,
    mutates: false,
    runsOn: 'terminal',
  }),
  'devices.updateSettings': method<DeviceSettings>()({
    summary: '修改设备设置（打印机串口、读卡器）',
    input: z
      .object({
        printer: z
          .object({
            path: text('打印机串口', 200),
            baudRate: z.union([z.literal(9600), z.literal(19200), z.literal(115200)], { error: '波特率应为 9600、19200 或 115200' }),
            rtscts: z.boolean().default(false),
            paper: z.union([z.literal(58), z.literal(80)], { error: '纸宽应为 58 或 80 毫米' }),
            kickDrawer: z.boolean().default(true),
          })
          .strict()
          .nullable(),
        reader: z
          .object({
            vendorId: z.number().int().min(0).max(0xffff),
            productId: z.number().int().min(0).max(0xffff),
            reportSize: z.number().int().min(8).max(1024).default(64),
          })
          .strict()
          .nullable(),
      })
      .strict(),
    roles: ['admin'],
    mutates: true,
    runsOn: 'terminal',
  }),
  'devices.status': method<DeviceStatus>()({
    summary: '设备状态',
    input: z.object({}).strict(),
    roles: EVERYONE,
    mutates: false,
    runsOn: 'terminal',
  }),
  'devices.testPrint': method<{ ok: boolean; message: string }>()({
    summary: '打印测试页',
    input: z.object({}).strict(),
    roles: ['admin', 'manager', 'cashier'],
    mutates: false,
    runsOn: 'terminal',
  }),
  'devices.readCard': method<CardReadResult>()({
    summary: '读社保卡',
    input: z.object({}).strict(),
    roles: ['cashier', 'manager', 'admin'],
    mutates: false,
    runsOn: 'terminal',
  }),
};
