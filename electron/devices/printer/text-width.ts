/**
 * Column widths on a receipt printer in Chinese mode (FS &): every byte below 0x80 is a one-column ASCII
 * character, and every other character is a GB18030 multi-byte character printed two columns wide (a
 * 24-dot glyph beside 12-dot ASCII). So CJK, full-width punctuation and ￥ count two; ASCII counts one;
 * control characters count nothing (the encoder refuses them anyway).
 */
export function charWidth(codePoint: number): 0 | 1 | 2 {
  if (codePoint < 0x20 || codePoint === 0x7f) return 0;
  return codePoint < 0x80 ? 1 : 2;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0)!);
  return width;
}

export function padEndWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStartWidth(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/**
 * Splits text into pieces no wider than `width` columns, never inside a character; a piece ends at its
 * last space when it has one (so "0.25g*24粒" stays whole), otherwise wherever the width runs out.
 */
export function wrapWidth(text: string, width: number): string[] {
  if (width < 2) throw new Error(`换行宽度过小：${width}`);
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0)!);
    if (used + w > width) {
      const space = line.lastIndexOf(' ');
      if (space > 0 && ch !== ' ') {
        lines.push(line.slice(0, space));
        line = line.slice(space + 1);
      } else {
        lines.push(line.trimEnd());
        line = '';
      }
      used = displayWidth(line);
      if (ch === ' ' && line === '') continue;
    }
    line += ch;
    used += w;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** `left` and `right` on one line of `width` columns, right flush; null when they do not fit with a space. */
export function twoColumns(left: string, right: string, width: number): string | null {
  const gap = width - displayWidth(left) - displayWidth(right);
  return gap >= 1 ? left + ' '.repeat(gap) + right : null;
}
