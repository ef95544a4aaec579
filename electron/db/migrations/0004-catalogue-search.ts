import type { Migration } from '../migration';

/**
 * Indexes for the cashier's keystroke search on a district-sized catalogue (tens of thousands of items):
 *
 * - codes are matched by prefix whatever the case typed (`xy0` finds XY0001): a NOCASE index lets that be
 *   a range scan instead of a LIKE over every row;
 * - hits are shown shortest name first, then by code: an index in exactly that order, holding the columns
 *   the prefix and name-contains tests read, lets a broad query (`x`, `阿`) stop after the first screenful
 *   instead of sorting thousands of rows.
 */
export const catalogueSearch: Migration = {
  version: 4,
  name: 'catalogue-search',
  sql: /* sql */ `
    CREATE INDEX catalogue_items_code_nocase ON catalogue_items (code COLLATE NOCASE);
    CREATE INDEX catalogue_items_search_order ON catalogue_items (length(name), code, name, pinyin);
  `,
};
