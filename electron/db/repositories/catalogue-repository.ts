import type { CatalogueItem } from '../../../shared/domain';
import type { Fen } from '../../../shared/money';
import type { Db } from '../open';
import { prepared } from '../statements';

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
  price: Fen;
  cap_price: Fen | null;
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
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Sorts after every character, so `[p, p + TOP)` is the range of strings starting with p. */
const TOP = '\u{10FFFF}';

/** Above this many prefix hits, walking the display-order index beats sorting the hits. */
const NARROW_PREFIX_HITS = 256;

const ORDER = 'ORDER BY length(name), code';

const SEARCH_SQL = {
  exact: `SELECT * FROM catalogue_items WHERE code = :query OR insurer_code = :query ${ORDER} LIMIT :limit`,
  /** At most NARROW_PREFIX_HITS + 1 index entries each: is the prefix narrow or broad? */
  countCodePrefix: `SELECT count(*) AS n FROM (SELECT 1 FROM catalogue_items
                     WHERE code COLLATE NOCASE >= :from AND code COLLATE NOCASE < :to LIMIT ${NARROW_PREFIX_HITS + 1})`,
  countPinyinPrefix: `SELECT count(*) AS n FROM (SELECT 1 FROM catalogue_items
                       WHERE pinyin >= :from AND pinyin < :to LIMIT ${NARROW_PREFIX_HITS + 1})`,
  /** Few hits: collect them through the code and pinyin indexes, then sort them. */
  narrowPrefix: `WITH hits (id) AS MATERIALIZED (
                   SELECT rowid FROM catalogue_items WHERE code COLLATE NOCASE >= :code AND code COLLATE NOCASE < :codeTo
                   UNION
                   SELECT rowid FROM catalogue_items WHERE pinyin >= :pinyin AND pinyin < :pinyinTo)
                 SELECT c.* FROM hits CROSS JOIN catalogue_items c ON c.rowid = hits.id
                 ORDER BY length(c.name), c.code LIMIT :limit`,
  /** Many hits: walk the display-order index and stop after a screenful. */
  broadPrefix: `SELECT * FROM catalogue_items INDEXED BY catalogue_items_search_order
                 WHERE (code COLLATE NOCASE >= :code AND code COLLATE NOCASE < :codeTo) OR (pinyin >= :pinyin AND pinyin < :pinyinTo)
                 ${ORDER} LIMIT :limit`,
  /** No index helps a substring; the display-order index holds the name, so the walk reads no table row it skips. */
  nameContains: `SELECT * FROM catalogue_items INDEXED BY catalogue_items_search_order
                  WHERE name LIKE :pattern ESCAPE '\\' ${ORDER} LIMIT :limit`,
} as const;

export class CatalogueRepository {
  constructor(private readonly db: Db) {}

  count(): number {
    return (prepared(this.db, 'SELECT count(*) AS n FROM catalogue_items').get() as { n: number }).n;
  }

  /**
   * What the cashier's search box shows, best first: exact hospital or insurer code; then code prefix (any
   * case) or pinyin-initial prefix; then names containing the text (`%` and `_` taken literally). Within
   * each group, shortest name first, then code. Each group is its own indexed query, and a later group runs
   * only while the screen is not yet full, so a keystroke costs about the same on a district catalogue of
   * tens of thousands of items as on the demo's forty.
   */
  search(query: string, limit: number): CatalogueItem[] {
    const hits = new Map<string, ItemRow>();
    // A row of an earlier group may match a later group's test too: ask for enough to fill up after dropping it.
    const take = (sql: string, params: Record<string, string | number>) => {
      const rows = prepared(this.db, sql).all({ ...params, limit: limit + hits.size }) as ItemRow[];
      for (const row of rows) {
        if (hits.size >= limit) break;
        if (!hits.has(row.code)) hits.set(row.code, row);
      }
    };

    take(SEARCH_SQL.exact, { query });
    if (hits.size < limit) {
      const pinyin = query.toLowerCase();
      const range = { code: query, codeTo: query + TOP, pinyin, pinyinTo: pinyin + TOP };
      const count = (sql: string, from: string, to: string) => (prepared(this.db, sql).get({ from, to }) as { n: number }).n;
      const prefixHits =
        count(SEARCH_SQL.countCodePrefix, range.code, range.codeTo) + count(SEARCH_SQL.countPinyinPrefix, range.pinyin, range.pinyinTo);
      take(prefixHits > NARROW_PREFIX_HITS ? SEARCH_SQL.broadPrefix : SEARCH_SQL.narrowPrefix, range);
    }
    if (hits.size < limit) take(SEARCH_SQL.nameContains, { pattern: containsPattern(query) });
    return [...hits.values()].map(toItem);
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

  /** Rewrites every column of an existing item (the catalogue import); the caller audits the change. */
  update(item: CatalogueItem): void {
    prepared(
        this.db,
        `UPDATE catalogue_items
            SET insurer_code = @insurerCode, name = @name, kind = @kind, generic_name = @genericName,
                trade_name = @tradeName, dosage_form = @dosageForm, spec = @spec, unit = @unit, pack_size = @packSize,
                manufacturer = @manufacturer, stocked = @stocked, charge_class = @chargeClass, price = @price,
                cap_price = @capPrice, self_pay_ratio_bp = @selfPayRatioBp, essential = @essential, pinyin = @pinyin
          WHERE code = @code`,
      )
      .run({ ...item, stocked: item.stocked ? 1 : 0 });
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
