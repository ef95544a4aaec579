import type { CatalogueItem } from '../../shared/domain';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';

interface ItemRow {
  code: string;
  insurer_code: string | null;
  name: string;
  kind: CatalogueItem['kind'];
  generic_name: string;
  trade_name: string;
  dosage_form: string;
  spec: string;
  unit: string;
  pack_size: string;
  manufacturer: string;
  stocked: number;
  charge_class: CatalogueItem['chargeClass'];
  price: number;
  cap_price: number | null;
  self_pay_ratio_bp: number | null;
  essential: CatalogueItem['essential'];
  pinyin: string;
}

function toItem(row: ItemRow): CatalogueItem {
  return {
    code: row.code,
    insurerCode: row.insurer_code,
    name: row.name,
    kind: row.kind,
    genericName: row.generic_name,
    tradeName: row.trade_name,
    dosageForm: row.dosage_form,
    spec: row.spec,
    unit: row.unit,
    packSize: row.pack_size,
    manufacturer: row.manufacturer,
    stocked: row.stocked === 1,
    chargeClass: row.charge_class,
    price: row.price,
    capPrice: row.cap_price,
    selfPayRatioBp: row.self_pay_ratio_bp,
    essential: row.essential,
    pinyin: row.pinyin,
  };
}

/** Escapes LIKE wildcards so a typed `%` or `_` is searched for literally. */
function likePattern(text: string, where: 'prefix' | 'anywhere'): string {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return where === 'prefix' ? `${escaped}%` : `%${escaped}%`;
}

export class CatalogueRepository {
  constructor(private readonly db: Db) {}

  count(): number {
    return (prepared(this.db, 'SELECT count(*) AS n FROM catalogue_items').get() as { n: number }).n;
  }

  /** Code or pinyin-initial prefix first (what a cashier types), then name containing the text. */
  search(query: string, limit: number): CatalogueItem[] {
    const rows = prepared(
        this.db,
        `SELECT *, CASE
                     WHEN code = :exact OR insurer_code = :exact THEN 0
                     WHEN code LIKE :prefix ESCAPE '\\' OR pinyin LIKE :prefix ESCAPE '\\' THEN 1
                     ELSE 2
                   END AS rank
           FROM catalogue_items
          WHERE code LIKE :prefix ESCAPE '\\' OR insurer_code = :exact
             OR pinyin LIKE :prefix ESCAPE '\\' OR name LIKE :anywhere ESCAPE '\\'
          ORDER BY rank, length(name), code
          LIMIT :limit`,
      )
      .all({
        exact: query,
        prefix: likePattern(query.toLowerCase(), 'prefix'),
        anywhere: likePattern(query, 'anywhere'),
        limit,
      }) as ItemRow[];
    return rows.map(toItem);
  }

  get(code: string): CatalogueItem | null {
    const row = prepared(this.db, 'SELECT * FROM catalogue_items WHERE code = ?').get(code) as ItemRow | undefined;
    return row ? toItem(row) : null;
  }

  /** The items for these codes, keyed by code; codes not in the catalogue are simply absent. */
  getMany(codes: readonly string[]): Map<string, CatalogueItem> {
    const items = new Map<string, CatalogueItem>();
    for (const code of codes) {
      if (items.has(code)) continue;
      const item = this.get(code);
      if (item) items.set(code, item);
    }
    return items;
  }

  all(): CatalogueItem[] {
    return (prepared(this.db, 'SELECT * FROM catalogue_items ORDER BY kind, code').all() as ItemRow[]).map(toItem);
  }

  unmapped(): CatalogueItem[] {
    return (prepared(this.db, 'SELECT * FROM catalogue_items WHERE insurer_code IS NULL ORDER BY kind, code').all() as ItemRow[]).map(toItem);
  }

  setInsurerCode(code: string, insurerCode: string | null): void {
    prepared(this.db, 'UPDATE catalogue_items SET insurer_code = ? WHERE code = ?').run(insurerCode, code);
  }

  insert(item: CatalogueItem): void {
    prepared(
        this.db,
        `INSERT INTO catalogue_items (code, insurer_code, name, kind, generic_name, trade_name, dosage_form, spec, unit,
                                      pack_size, manufacturer, stocked, charge_class, price, cap_price,
                                      self_pay_ratio_bp, essential, pinyin)
         VALUES (@code, @insurerCode, @name, @kind, @genericName, @tradeName, @dosageForm, @spec, @unit,
                 @packSize, @manufacturer, @stocked, @chargeClass, @price, @capPrice,
                 @selfPayRatioBp, @essential, @pinyin)`,
      )
      .run({ ...item, stocked: item.stocked ? 1 : 0 });
  }
}
