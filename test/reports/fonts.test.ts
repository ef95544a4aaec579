import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontCodePoints, missingCharacters } from '../../electron/reports/pdf/font-coverage';
import { findFontDir, FONT_FILES, reportFonts } from '../../electron/reports/pdf/fonts';
import { renderPdf } from '../../electron/reports/pdf/render';
import { requireTool, toolPath } from '../helpers/tools';
import { pdfText } from './seed';

const poppler = requireTool('pdftotext', 'pdffonts');

const ROOT = join(import.meta.dirname, '..', '..');
const FONTS = join(ROOT, 'resources', 'fonts');

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return files(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}

describe('report fonts (resources/fonts)', () => {
  it('ship as TrueType subsets under 5 MB each, with their licence and the way to rebuild them', () => {
    for (const file of Object.values(FONT_FILES)) {
      const bytes = readFileSync(join(FONTS, file));
      expect(bytes.subarray(0, 4).toString('hex'), file).toBe('00010000'); // TrueType, not woff
      expect(bytes.length, file).toBeLessThan(5 * 1024 * 1024);
    }
    expect(readFileSync(join(FONTS, 'OFL.txt'), 'utf8')).toContain('SIL OPEN FONT LICENSE Version 1.1');
    expect(readFileSync(join(FONTS, 'README.md'), 'utf8')).toContain('make-subset.sh');
  });

  it('are found from the source tree and from the built main process alike', () => {
    expect(findFontDir()).toBe(FONTS);
    expect(findFontDir(join(ROOT, 'out', 'main'))).toBe(FONTS);
  });

  it('draw every character of the demo data and of the reports’ own text, Ext-A drug names included', () => {
    const { codePoints } = reportFonts();
    expect(codePoints.has(0x44ec)).toBe(true); // 䓬
    expect(codePoints.has(0x3000)).toBe(true); // ideographic space
    expect(codePoints.has(0xffe5)).toBe(true); // ￥
    const texts = [
      ...files('resources/demo', /\.json$/),
      ...files('electron/reports', /\.ts$/),
      'shared/reports-daily.ts',
      'shared/ledger.ts',
      'electron/demo/seed-demo.ts',
    ].map((f) => readFileSync(join(ROOT, f), 'utf8'));
    expect(missingCharacters(codePoints, texts)).toEqual([]);
  });

  it('both weights read alike through the cmap parser', () => {
    const regular = fontCodePoints(readFileSync(join(FONTS, FONT_FILES.normal)));
    const bold = fontCodePoints(readFileSync(join(FONTS, FONT_FILES.bold)));
    expect(regular.size).toBeGreaterThan(7000);
    expect([...regular].filter((c) => !bold.has(c))).toEqual([]);
  });

  poppler.it('are embedded in the PDF, and a character they lack is named on it instead of vanishing', async () => {
    const pdf = await renderPdf({
      title: '字库测试',
      author: '测试',
      content: [{ text: '艾司唑仑片（苯二氮䓬类）' }, { text: '生僻字：𠀀' }],
    });
    const text = pdfText(pdf);
    expect(text).toContain('艾司唑仑片（苯二氮䓬类）');
    expect(text).toContain('字库提示');
    const dir = mkdtempSync(join(tmpdir(), 'report-fonts-'));
    try {
      writeFileSync(join(dir, 'a.pdf'), pdf);
      const fonts = execFileSync(toolPath('pdffonts'), [join(dir, 'a.pdf')], { encoding: 'utf8' });
      expect(fonts).toMatch(/NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
