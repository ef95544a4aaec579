/**
 * Which characters a TrueType/OpenType font can draw, read from its `cmap` table (formats 4 and 12, the
 * Unicode subtables every CJK font has). The report fonts are a subset (GB2312 and more, see
 * resources/fonts/README.md): a character outside it would print as an empty box, so the PDF renderer
 * names such characters on the report instead of letting them vanish silently.
 */
export function fontCodePoints(font: Uint8Array): Set<number> {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const numTables = view.getUint16(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    const tag = String.fromCharCode(font[record]!, font[record + 1]!, font[record + 2]!, font[record + 3]!);
    if (tag === 'cmap') cmap = view.getUint32(record + 8);
  }
  if (cmap < 0) throw new Error('字体文件缺少 cmap 表');

  const subtables: { platform: number; encoding: number; offset: number }[] = [];
  const count = view.getUint16(cmap + 2);
  for (let i = 0; i < count; i++) {
    const at = cmap + 4 + i * 8;
    subtables.push({ platform: view.getUint16(at), encoding: view.getUint16(at + 2), offset: cmap + view.getUint32(at + 4) });
  }
  const pick = (platform: number, encoding: number, format: number) =>
    subtables.find((s) => s.platform === platform && s.encoding === encoding && view.getUint16(s.offset) === format);
  const full = pick(3, 10, 12) ?? pick(0, 4, 12) ?? pick(0, 6, 12);
  if (full) return format12(view, full.offset);
  const bmp = pick(3, 1, 4) ?? pick(0, 3, 4);
  if (bmp) return format4(view, bmp.offset);
  throw new Error('字体文件没有可用的 Unicode 字符映射（cmap 格式 4 或 12）');
}

function format12(view: DataView, offset: number): Set<number> {
  const points = new Set<number>();
  const groups = view.getUint32(offset + 12);
  for (let i = 0; i < groups; i++) {
    const at = offset + 16 + i * 12;
    const start = view.getUint32(at);
    const end = view.getUint32(at + 4);
    const glyph = view.getUint32(at + 8);
    for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) points.add(c);
  }
  return points;
}

function format4(view: DataView, offset: number): Set<number> {
  const points = new Set<number>();
  const segments = view.getUint16(offset + 6) / 2;
  const ends = offset + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const end = view.getUint16(ends + s * 2);
    const start = view.getUint16(starts + s * 2);
    const delta = view.getInt16(deltas + s * 2);
    const rangeOffset = view.getUint16(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const raw = view.getUint16(rangeOffsets + s * 2 + rangeOffset + (c - start) * 2);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) points.add(c);
    }
  }
  return points;
}

/** The distinct characters of `texts` the font cannot draw, in order of first appearance. */
export function missingCharacters(points: ReadonlySet<number>, texts: Iterable<string>): string[] {
  const missing = new Set<string>();
  for (const text of texts) {
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      // Line breaks and other controls are layout, not glyphs.
      if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
      if (!points.has(code)) missing.add(ch);
    }
  }
  return [...missing];
}
