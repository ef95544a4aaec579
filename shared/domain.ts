import type { Fen } from './money';
import type { Role } from './roles';
import type { ChargeClass, InsuredType as PolicyInsuredType } from './settlement/types';

export type { ChargeClass };
/** A roster person is insured as a resident or an employee, or not at all ('none': billed as self-pay). */
export type InsuredType = PolicyInsuredType | 'none';

/** 甲/乙/丙 classes of the insurer's catalogue (chrgitm_lv 01/02/03). */
export const CHARGE_CLASS_NAMES: Record<ChargeClass, string> = { A: '甲类', B: '乙类', C: '丙类' };

/** 国家基本药物 / 省增补 / 非基药. */
export type EssentialStatus = 'national' | 'provincial' | 'none';
export const ESSENTIAL_NAMES: Record<EssentialStatus, string> = {
  national: '国家基本药物',
  provincial: '省增补',
  none: '非基药',
};

export type ItemKind = 'drug' | 'service' | 'material';
export const ITEM_KIND_NAMES: Record<ItemKind, string> = { drug: '药品', service: '诊疗项目', material: '医用耗材' };

export interface CatalogueItem {
  /** The hospital's own code. */
  code: string;
  /** The insurer's catalogue code (对码); null means unmapped, billable only as self-pay. */
  insurerCode: string | null;
  name: string;
  kind: ItemKind;
  /** 通用名 and 商品名 (drugs; empty otherwise). */
  genericName: string;
  tradeName: string;
  /** 剂型, e.g. 片剂, 胶囊剂, 注射剂. */
  dosageForm: string;
  spec: string;
  unit: string;
  /** 包装, e.g. 24粒/盒. */
  packSize: string;
  manufacturer: string;
  /** Kept in stock by batch (drugs): billed at the picked batch's sale price, not at `price`. */
  stocked: boolean;
  chargeClass: ChargeClass;
  price: Fen;
  /** 限价, when the insurer caps the price it recognises. */
  capPrice: Fen | null;
  /** 乙类先行自付比例 in parts per ten thousand, when it differs from the policy's default. */
  selfPayRatioBp: number | null;
  essential: EssentialStatus;
  /** Pinyin initials of the name, for the cashier's quick search (阿莫西林胶囊 → amxljn). */
  pinyin: string;
}

/** A catalogue item as the bill picker shows it: with live stock and the price a sale would charge now. */
export interface CatalogueHit extends CatalogueItem {
  /** For stocked items: units available in unexpired batches (thousandths), and the FEFO batch's price. */
  stock: { availableMilli: number; salePrice: Fen | null; nearestExpiry: string | null } | null;
}

export const INSURED_TYPE_NAMES: Record<InsuredType, string> = { resident: '城乡居民', employee: '职工', none: '未参保（自费）' };

export interface InsuredPerson {
  id: number;
  /** 社会保障号码 = 公民身份号码, 18 characters. */
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  insuredType: InsuredType;
  groups: string[];
  /** Social security card number (卡号), when the person has a card. */
  cardNo: string | null;
  /** 门诊慢特病认定 in force or past, latest first. */
  certifications: ChronicCertification[];
}

export interface ChronicCertification {
  diseaseCode: string;
  diseaseName: string;
  validFrom: string;
  validTo: string;
}

export interface PolicySummary {
  id: string;
  name: string;
  year: number;
  effectiveFrom: string;
  effectiveTo: string;
}

export interface SystemInfo {
  productName: string;
  version: string;
  hospitalName: string;
  counterId: string;
  schemaVersion: number;
  demo: boolean;
  today: string;
  counts: { catalogueItems: number; people: number; policies: number; users: number };
}

export interface SignedInUser {
  username: string;
  name: string;
  role: Role;
  roleName: string;
}

export interface CounterSettings {
  hospitalName: string;
  counterId: string;
}
