import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fontCodePoints } from './font-coverage';

/** The family name the report documents use; pdfmake maps it to the files below. */
export const REPORT_FONT = 'NotoSansSC';

export const FONT_FILES = {
  normal: 'NotoSansSC-Regular.subset.ttf',
  bold: 'NotoSansSC-Bold.subset.ttf',
} as const;

export interface ReportFonts {
  dir: string;
  normal: string;
  bold: string;
  /** Characters both weights can draw. */
  codePoints: ReadonlySet<number>;
}

const cache = new Map<string, ReportFonts>();

/**
 * The report fonts ship in `resources/fonts` (a subset of Noto Sans SC, SIL OFL 1.1). The folder is found by
 * walking up from this module: in the source tree it is three levels up, in the built app (out/main) two,
 * and inside a packaged app.asar the same two, since electron-builder packs `resources/**` beside `out/**`.
 */
export function findFontDir(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, 'resources', 'fonts');
    if (existsSync(join(candidate, FONT_FILES.normal))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`找不到报表字体 ${FONT_FILES.normal}（应在程序目录的 resources/fonts 中），无法生成 PDF`);
}

/** The fonts in `dir` (default: the app's own), read once per process. */
export function reportFonts(dir: string = findFontDir()): ReportFonts {
  const known = cache.get(dir);
  if (known) return known;
  const normal = join(dir, FONT_FILES.normal);
  const bold = join(dir, FONT_FILES.bold);
  for (const file of [normal, bold]) {
    if (!existsSync(file)) throw new Error(`缺少报表字体文件 ${file}，无法生成 PDF`);
  }
  const regular = fontCodePoints(readFileSync(normal));
  const heavy = fontCodePoints(readFileSync(bold));
  const codePoints = new Set([...regular].filter((c) => heavy.has(c)));
  const fonts = { dir, normal, bold, codePoints };
  cache.set(dir, fonts);
  return fonts;
}
