import type { PdfFile } from '../../../../shared/reports-daily';

/** The PDF's bytes as a Blob (base64 from JSON, decoded in the page). */
export function pdfBlob(file: PdfFile): Blob {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: file.mimeType });
}

/**
 * Hands the PDF to the browser as a download with its own file name. In Electron this opens the save
 * dialog, so the manager picks the folder; in a browser it lands in the downloads folder.
 */
export function savePdf(file: PdfFile): void {
  const url = URL.createObjectURL(pdfBlob(file));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Long enough for the save dialog to take the bytes.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Facts about a PDF for the preview line: its size and (roughly) its pages. */
export function pdfFacts(file: PdfFile): { bytes: number; pages: number } {
  const binary = atob(file.base64);
  const pages = binary.match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
  return { bytes: binary.length, pages };
}

export function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} 字节` : `${Math.round(bytes / 1024)} KB`;
}

/** yyyy-mm, n months earlier (n ≥ 0). */
export function monthBefore(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
