import { z } from 'zod';
import type { DistrictSettingsView, DistrictStatus, DownloadReport, ReconcileReport, RejectedRecord } from '../../district/types';
import type { InsuredPerson } from '../../domain';
import type { PdfFile } from '../../reports-daily';
import { EVERYONE } from '../../roles';
import { method } from '../define';
import { period } from '../schemas';

const note = z
  .string({ error: '说明必须是文字' })
  .trim()
  .min(2, { error: '请写明处理说明（至少 2 个字）' })
  .max(200, { error: '说明不能超过 200 个字' });

const outboxId = z.number({ error: '记录编号必须是数字' }).int({ error: '记录编号必须是整数' }).positive();

const KINDS = ['policy', 'catalogue', 'roster'] as const;

/** The district centre link (electron/district): status, settings, downloads, rejections, reconciliation. */
export const districtMethods = {
  'district.status': method<DistrictStatus>()({
    summary: '医保中心上传状态',
    input: z.object({}).strict(),
    roles: EVERYONE,
    mutates: false,
  }),
  'district.settings': method<DistrictSettingsView>()({
    summary: '医保中心连接设置',
    input: z.object({}).strict(),
    roles: ['manager', 'admin'],
    mutates: false,
  }),
  'district.updateSettings': method<DistrictSettingsView>()({
    summary: '修改医保中心连接设置',
    input: z
      .object({
        enabled: z.boolean({ error: '是否启用必须是 true 或 false' }),
        baseUrl: z
          .string({ error: '中心地址必须是文字' })
          .trim()
          .max(200, { error: '中心地址过长' })
          .refine((s) => s === '' || /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(s), { error: '中心地址应以 http:// 或 https:// 开头' }),
        fixmedinsCode: z
          .string({ error: '机构编码必须是文字' })
          .trim()
          .refine((s) => s === '' || /^[A-Za-z0-9]{12}$/.test(s), { error: '定点医药机构编码应为 12 位字母或数字' }),
        fixmedinsName: z.string({ error: '机构名称必须是文字' }).trim().max(60, { error: '机构名称不能超过 60 个字' }),
        admdvs: z
          .string({ error: '医保区划必须是文字' })
          .trim()
          .refine((s) => s === '' || /^\d{6}$/.test(s), { error: '医保区划应为 6 位数字' }),
        /** Blank keeps the key already set. */
        key: z.string({ error: '签名密钥必须是文字' }).trim().max(200, { error: '签名密钥过长' }).optional(),
        caPem: z
          .string({ error: 'CA 证书必须是文字' })
          .trim()
          .max(20_000, { error: 'CA 证书过长' })
          .refine((s) => s === '' || s.includes('-----BEGIN CERTIFICATE-----'), { error: 'CA 证书应为 PEM 格式（-----BEGIN CERTIFICATE-----）' }),
        batchSize: z.number({ error: '每批条数必须是数字' }).int({ error: '每批条数必须是整数' }).min(1, { error: '每批至少 1 条' }).max(2000, { error: '每批最多 2000 条' }),
        maxAgeSeconds: z.number({ error: '最长等待必须是数字' }).int({ error: '最长等待必须是整数' }).min(1, { error: '最长等待至少 1 秒' }).max(86_400, { error: '最长等待不超过 1 天' }),
      })
      .strict(),
    roles: ['admin'],
    mutates: true,
  }),
  'district.syncNow': method<DistrictStatus>()({
    summary: '立即上传等待中的记录',
    input: z.object({}).strict(),
    roles: ['manager', 'admin'],
    mutates: true,
  }),
  'district.download': method<DownloadReport[]>()({
    summary: '从医保中心下载政策、目录与参保名单',
    input: z
      .object({ kinds: z.array(z.enum(KINDS, { error: '下载内容应为 policy、catalogue 或 roster' })).min(1, { error: '请选择下载内容' }).default([...KINDS]) })
      .strict(),
    roles: ['manager', 'admin'],
    mutates: true,
  }),
  'people.byEVoucher': method<InsuredPerson>()({
    summary: '扫医保电子凭证识别患者（向医保中心核验）',
    input: z
      .object({
        token: z
          .string({ error: '电子凭证内容必须是文字' })
          .trim()
          .regex(/^[\x21-\x7e]{16,512}$/, { error: '不是医保电子凭证：应为 16–512 位英文字母、数字或符号（请切换到英文输入法后重新扫码）' }),
      })
      .strict(),
    roles: ['cashier', 'manager'],
    mutates: true,
  }),
  'district.rejections': method<RejectedRecord[]>()({
    summary: '中心拒付的记录',
    input: z.object({ includeHandled: z.boolean({ error: '是否含已处理必须是 true 或 false' }).default(false) }).strict(),
    roles: ['manager'],
    mutates: false,
  }),
  'district.resubmit': method<RejectedRecord>()({
    summary: '更正后重新提交被拒记录',
    input: z
      .object({
        outboxId,
        note,
        psnCertNo: z
          .string({ error: '身份证号必须是文字' })
          .trim()
          .regex(/^\d{17}[\dX]$/, { error: '身份证号应为 18 位' })
          .optional(),
        hilistCodes: z
          .array(
            z
              .object({
                feedetlSn: z.string({ error: '明细序号必须是文字' }).regex(/^\d{1,4}$/, { error: '明细序号应为数字' }),
                hilistCode: z.string({ error: '医保编码必须是文字' }).trim().min(1, { error: '请输入医保编码' }).max(50, { error: '医保编码过长' }),
              })
              .strict(),
          )
          .max(500)
          .optional(),
      })
      .strict(),
    roles: ['manager'],
    mutates: true,
  }),
  'district.dispute': method<RejectedRecord>()({
    summary: '对被拒记录提出异议（不再提交）',
    input: z.object({ outboxId, note }).strict(),
    roles: ['manager'],
    mutates: true,
  }),
  'district.reconcile': method<ReconcileReport>()({
    summary: '与医保中心对总账、对明细账',
    input: period,
    roles: ['manager'],
    mutates: true,
  }),
  'district.reconcilePdf': method<PdfFile>()({
    summary: '医保结算对账单 PDF（重新对账后出单）',
    input: period,
    roles: ['manager'],
    mutates: true,
  }),
} as const;
