/**
 * The cashier's catalogue search, keystroke by keystroke, on a district-sized catalogue: the demo hospital
 * plus ~20,000 generated items (drug-like Chinese names with their pinyin initials, codes, insurer codes).
 * Every keystroke is one `catalogue.search` through the dispatcher, stock figures included, as the bill
 * picker calls it. Goal: p95 < 5 ms per keystroke.
 *
 *   node --import tsx test/bench/search.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCounterApp } from '../../electron/app/counter-app';
import { pinyinInitials } from '../../electron/catalogue/pinyin-initials';
import { seedDemo } from '../../electron/demo/seed-demo';
import type { CatalogueItem } from '../../shared/domain';
import { fen } from '../../shared/money';
import { inProcessClient } from '../helpers/client';

export interface SearchBench {
  /** Catalogue size searched. */
  items: number;
  /** Per keystroke, through the dispatcher (validation, search, live stock per drug hit). */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  keystrokes: number;
  /** The same keystrokes against `CatalogueRepository.search` alone: what the SQL costs without stock. */
  repositoryP50Ms: number;
  repositoryP95Ms: number;
  /** p95 per kind of query, to see which branch is slow. */
  p95ByKind: Record<QueryKind, number>;
}

type QueryKind = 'code' | 'pinyin' | 'chinese' | 'other';

const STEMS = [
  '阿莫西林', '头孢克肟', '头孢呋辛', '头孢拉定', '头孢氨苄', '阿奇霉素', '罗红霉素', '克拉霉素', '左氧氟沙星', '环丙沙星',
  '诺氟沙星', '甲硝唑', '替硝唑', '对乙酰氨基酚', '布洛芬', '双氯芬酸钠', '阿司匹林', '吲哚美辛', '硝苯地平', '氨氯地平',
  '卡托普利', '依那普利', '厄贝沙坦', '缬沙坦', '氯沙坦钾', '美托洛尔', '阿托伐他汀钙', '辛伐他汀', '二甲双胍', '格列美脲',
  '格列齐特', '阿卡波糖', '奥美拉唑', '雷贝拉唑', '多潘立酮', '蒙脱石', '氨溴索', '溴己新', '氯雷他定', '西替利嗪',
  '地西泮', '艾司唑仑', '维生素C', '维生素B1', '维生素B6', '叶酸', '葡萄糖酸钙', '氯化钾', '地塞米松', '泼尼松',
  '氢化可的松', '青霉素钠', '庆大霉素', '利巴韦林', '阿昔洛韦', '板蓝根', '复方丹参', '连花清瘟', '藿香正气', '银翘解毒',
  '六味地黄', '牛黄解毒', '感冒清热', '小柴胡', '三九胃泰', '云南白药', '复方甘草', '小檗碱', '硝酸甘油', '呋塞米',
  '螺内酯', '氢氯噻嗪', '胰岛素', '肝素钠', '甘露醇', '碳酸氢钠', '山莨菪碱', '阿托品', '肾上腺素', '利多卡因',
];
const SALTS = ['', '', '', '盐酸', '硫酸', '复方', '注射用'];
const FORMS = [
  ['片', '片剂'], ['胶囊', '胶囊剂'], ['缓释片', '片剂'], ['肠溶片', '片剂'], ['分散片', '片剂'], ['颗粒', '颗粒剂'],
  ['注射液', '注射剂'], ['口服溶液', '口服液体剂'], ['软膏', '软膏剂'], ['滴眼液', '眼用制剂'], ['干混悬剂', '混悬剂'], ['丸', '丸剂'],
] as const;
const SPECS = ['0.1g*12片', '0.25g*24粒', '10mg*30片', '5ml:10mg', '100ml:0.9g', '10g*10袋', '0.5g*20粒', '2ml:5mg', '20mg*14片', '50mg*48片'];
const MAKERS = ['湘江制药', '洞庭药业', '岳麓制药', '沅水药业', '资江药业', '衡山制药', '武陵药业', '澧水制药', '九嶷药业', '雪峰制药'];
const SERVICES = ['诊查费', '换药', '注射', '输液', '雾化吸入', '导尿', '灌肠', '吸氧', '心电监护', '血糖测定', '针灸', '推拿', '拔罐', '清创缝合', '拆线'];
const MATERIALS = ['输液器', '注射器', '留置针', '导尿管', '纱布', '棉签', '绷带', '胶布', '采血针', '吸氧管', '雾化器', '敷贴'];

/** A small deterministic generator (mulberry32), so every run searches the same catalogue. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` catalogue items: mostly drugs (西药 XY…, 中成药 ZY…), some services (FW…) and materials (HC…). */
export function generateItems(count: number, seed = 20260615): CatalogueItem[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const items: CatalogueItem[] = [];
  for (let i = 0; i < count; i++) {
    const roll = next();
    const serial = String(10000 + i);
    let item: Omit<CatalogueItem, 'pinyin' | 'stocked'>;
    if (roll < 0.82) {
      const stem = pick(STEMS);
      const [form, dosageForm] = pick(FORMS);
      const name = `${pick(SALTS)}${stem}${form}`;
      const chinese = /颗粒|丸|口服溶液/.test(form) && next() < 0.6;
      const chargeClass = next() < 0.55 ? 'A' : next() < 0.85 ? 'B' : 'C';
      item = {
        code: `${chinese ? 'ZY' : 'XY'}${serial}`,
        insurerCode: next() < 0.93 ? `X${pick(['J01', 'N02', 'C08', 'A10', 'R05', 'B05'])}${pick(['CAA', 'DDA', 'BEA'])}${String(i).padStart(3, '0')}A00101${serial}` : null,
        name,
        kind: 'drug',
        genericName: name,
        tradeName: next() < 0.2 ? `${pick(['康', '济', '宁', '安', '泰'])}${pick(['欣', '舒', '达', '力', '通'])}` : '',
        dosageForm,
        spec: pick(SPECS),
        unit: pick(['盒', '瓶', '支', '袋']),
        packSize: `${1 + Math.floor(next() * 48)}片/盒`,
        manufacturer: `${pick(MAKERS)}有限公司`,
        chargeClass,
        price: fen(50 + Math.floor(next() * 20000)),
        capPrice: next() < 0.05 ? fen(100 + Math.floor(next() * 10000)) : null,
        selfPayRatioBp: chargeClass === 'B' && next() < 0.3 ? 500 * (1 + Math.floor(next() * 4)) : null,
        essential: next() < 0.4 ? 'national' : next() < 0.2 ? 'provincial' : 'none',
      };
    } else {
      const service = roll < 0.92;
      const name = service ? `${pick(SERVICES)}${pick(['', '（小）', '（中）', '（大）', '（每次）', '（加收）'])}` : `一次性使用${pick(MATERIALS)}${pick(['', '（成人）', '（儿童）'])}`;
      item = {
        code: `${service ? 'FW' : 'HC'}${serial}`,
        insurerCode: next() < 0.9 ? `${String(100000 + Math.floor(next() * 800000))}000000-${serial}` : null,
        name,
        kind: service ? 'service' : 'material',
        genericName: '',
        tradeName: '',
        dosageForm: '',
        spec: service ? '' : pick(['5ml', '10ml', '20G', '8cm*10cm']),
        unit: service ? '次' : pick(['支', '个', '包']),
        packSize: '',
        manufacturer: service ? '' : `${pick(MAKERS)}医疗器械有限公司`,
        chargeClass: next() < 0.7 ? 'A' : 'B',
        price: fen(100 + Math.floor(next() * 30000)),
        capPrice: null,
        selfPayRatioBp: null,
        essential: 'none',
      };
    }
    items.push({ ...item, stocked: item.kind === 'drug', pinyin: pinyinInitials(item.name) });
  }
  return items;
}

/** Every prefix of `text`, as it appears in the search box while typing it. */
function keystrokes(text: string): string[] {
  const chars = [...text];
  return chars.map((_, i) => chars.slice(0, i + 1).join(''));
}

/** What cashiers type: codes from a label, pinyin initials, a Chinese word once the IME commits it. */
function querySequences(items: CatalogueItem[]): { kind: QueryKind; text: string }[][] {
  const next = random(7);
  const sample = () => items[Math.floor(next() * items.length)]!;
  const sequences: { kind: QueryKind; text: string }[][] = [];
  const add = (kind: QueryKind, texts: string[]) => sequences.push(texts.map((text) => ({ kind, text })));
  for (const code of ['XY0001', 'xy0017', 'FW0003']) add('code', keystrokes(code));
  for (let i = 0; i < 12; i++) add('code', keystrokes(sample().code));
  add('code', [items[0]!.insurerCode ?? 'XJ01CAA040A001010100001']); // scanned or pasted: the whole insurer code at once
  for (const initials of ['amxl', 'amxljn', 'tbkw', 'blf', 'ylhn', 'wssc', 'jmy', 'fffdsp']) add('pinyin', keystrokes(initials));
  for (let i = 0; i < 12; i++) add('pinyin', keystrokes(sample().pinyin.slice(0, 5)));
  for (const word of ['阿莫西林', '头孢', '注射液', '氯化钠', '维生素', '胶囊', '盐酸二甲双胍', '一次性使用', '板蓝根颗粒', '换药']) {
    add('chinese', keystrokes(word));
  }
  add('other', ['0', '0.', '0.9', '0.9%']);
  add('other', ['5', '5%']);
  add('other', ['_', '%']);
  return sequences;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

export async function benchSearch(options: { generated?: number; rounds?: number } = {}): Promise<SearchBench> {
  const generated = options.generated ?? 20_000;
  const rounds = options.rounds ?? 5;
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-bench-search-'));
  try {
    const app = openCounterApp({ dataDir, now: () => new Date('2026-06-15T10:00:00+08:00'), logError: () => {} });
    try {
      seedDemo(app.db, app.repos);
      const items = generateItems(generated);
      app.db.transaction(() => items.forEach((item) => app.repos.catalogue.insert(item))).immediate();
      const sequences = querySequences(items);
      const client = inProcessClient(app, { transport: 'test', operator: 'bench', role: null });

      const times: number[] = [];
      const byKind: Record<QueryKind, number[]> = { code: [], pinyin: [], chinese: [], other: [] };
      const repoTimes: number[] = [];
      for (let round = 0; round <= rounds; round++) {
        for (const sequence of sequences) {
          for (const { kind, text } of sequence) {
            const start = performance.now();
            await client['catalogue.search']({ query: text, limit: 20 }).catch((error: Error) => Promise.reject(new Error(`${text}：${error.message}`)));
            const elapsed = performance.now() - start;
            const repoStart = performance.now();
            app.repos.catalogue.search(text, 20);
            const repoElapsed = performance.now() - repoStart;
            if (round === 0) continue; // the first round warms the JIT and the statement caches
            times.push(elapsed);
            byKind[kind].push(elapsed);
            repoTimes.push(repoElapsed);
          }
        }
      }
      const sorted = [...times].sort((a, b) => a - b);
      const repoSorted = [...repoTimes].sort((a, b) => a - b);
      const p95 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 95);
      return {
        items: app.repos.catalogue.count(),
        p50Ms: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
        p99Ms: percentile(sorted, 99),
        keystrokes: times.length,
        repositoryP50Ms: percentile(repoSorted, 50),
        repositoryP95Ms: percentile(repoSorted, 95),
        p95ByKind: { code: p95(byKind.code), pinyin: p95(byKind.pinyin), chinese: p95(byKind.chinese), other: p95(byKind.other) },
      };
    } finally {
      app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  const result = await benchSearch();
  console.log(`目录查询（${result.items.toLocaleString('en-US')} 项目录，逐键输入 ${result.keystrokes} 次，含实时库存；目标 p95 < 5 ms）`);
  console.log(`  每次按键   p50 ${ms(result.p50Ms)}   p95 ${ms(result.p95Ms)}   p99 ${ms(result.p99Ms)}`);
  console.log(`  仅目录查询（不含库存）   p50 ${ms(result.repositoryP50Ms)}   p95 ${ms(result.repositoryP95Ms)}`);
  const k = result.p95ByKind;
  console.log(`  按输入类型的 p95：编码 ${ms(k.code)}   拼音首字母 ${ms(k.pinyin)}   汉字 ${ms(k.chinese)}   其他 ${ms(k.other)}`);
}
