import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { PdfFile } from '../../../shared/reports-daily';
import { missingCharacters } from './font-coverage';
import { REPORT_FONT, reportFonts } from './fonts';

/** A rendered PDF as the API hands it to the page: base64 in JSON, with the file name to save it under. */
export function toPdfFile(buffer: Buffer, fileName: string): PdfFile {
  return { fileName, mimeType: 'application/pdf', base64: buffer.toString('base64') };
}

export interface PdfOptions {
  /** Folder holding the report fonts; default: the app's own resources/fonts. */
  fontDir?: string;
}

export interface ReportDocument {
  title: string;
  author: string;
  content: Content[];
  /** Landscape for wide tables; portrait otherwise. */
  landscape?: boolean;
}

/**
 * Renders a report to PDF bytes with pdfmake's server-side printer, the Chinese font embedded (pdfkit keeps
 * only the glyphs used). Nothing outside resources/fonts is read: remote URLs and other local files are
 * refused. A character the font lacks is named on the last page rather than silently printed as a box.
 */
export async function renderPdf(doc: ReportDocument, options: PdfOptions = {}): Promise<Buffer> {
  const fonts = reportFonts(options.fontDir);
  const content = [...doc.content];
  const missing = missingCharacters(fonts.codePoints, textsOf(content));
  if (missing.length > 0) {
    content.push({
      text: `字库提示：以下字符不在报表字库中，在本 PDF 中显示为空框：${missing.join(' ')}（字库说明见 resources/fonts/README.md）`,
      style: 'note',
      margin: [0, 8, 0, 0],
    });
  }
  const definition: TDocumentDefinitions = {
    info: { title: doc.title, author: doc.author, creator: '乡镇卫生院收费台', producer: '乡镇卫生院收费台（pdfmake）' },
    language: 'zh-CN',
    pageSize: 'A4',
    pageOrientation: doc.landscape ? 'landscape' : 'portrait',
    pageMargins: [40, 40, 40, 48],
    defaultStyle: { font: REPORT_FONT, fontSize: 9, lineHeight: 1.15 },
    styles: {
      hospital: { fontSize: 12, bold: true, alignment: 'center' },
      title: { fontSize: 16, bold: true, alignment: 'center', margin: [0, 2, 0, 4] },
      subtitle: { fontSize: 9, alignment: 'center', color: '#333333', margin: [0, 0, 0, 8] },
      section: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
      th: { bold: true, fillColor: '#eeeeee' },
      total: { bold: true },
      note: { fontSize: 8, color: '#444444' },
      error: { color: '#b00020', bold: true },
    },
    footer: (page: number, pages: number) => ({
      text: `${doc.title}\u3000第 ${page} 页 / 共 ${pages} 页`,
      alignment: 'center',
      fontSize: 8,
      color: '#555555',
      margin: [0, 16, 0, 0],
    }),
    content,
  };
  pdfmake.setFonts({ [REPORT_FONT]: { normal: fonts.normal, bold: fonts.bold, italics: fonts.normal, bolditalics: fonts.bold } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path === fonts.normal || path === fonts.bold);
  return pdfmake.createPdf(definition).getBuffer();
}

/** Every string in a content tree (ASCII style names included: the font covers ASCII). */
function textsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) textsOf(item, out);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) textsOf(item, out);
  return out;
}
