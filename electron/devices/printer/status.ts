/**
 * Real-time status (DLE EOT n) of an ESC/POS printer. Every answer is one byte with bits 1 and 4 set and
 * bits 0 and 7 clear (`b & 0x93 === 0x12`), which tells a status byte from line noise or a wrong baud rate.
 *
 *   n = 1 printer:       bit 2 drawer pin 3 high · bit 3 offline · bit 5 waiting for online recovery
 *   n = 2 offline cause: bit 2 cover open · bit 3 paper fed by the button · bit 5 stopped: paper end · bit 6 error
 *   n = 3 error cause:   bit 2 mechanical (recoverable) · bit 3 autocutter · bit 5 unrecoverable · bit 6 auto-recoverable (head temperature)
 *   n = 4 paper sensor:  bits 2+3 roll near end · bits 5+6 roll end
 */

export type StatusQuery = 1 | 2 | 3 | 4;

export interface PrinterStatus {
  paperOut: boolean;
  coverOpen: boolean;
  offline: boolean;
  error: boolean;
  /** Warning only: the roll is nearly used up. */
  paperNearEnd: boolean;
  /** Which error, when `error`: 'cutter', 'mechanical', 'unrecoverable', 'temperature'. */
  errorKind?: 'cutter' | 'mechanical' | 'unrecoverable' | 'temperature';
  drawerOpen?: boolean;
}

export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

/** Combines the answers to DLE EOT 1–4 (any subset) into one status. */
export function decodeStatus(answers: Partial<Record<StatusQuery, number>>): PrinterStatus {
  const s1 = answers[1] ?? 0x12;
  const s2 = answers[2] ?? 0x12;
  const s3 = answers[3] ?? 0x12;
  const s4 = answers[4] ?? 0x12;
  const status: PrinterStatus = {
    paperOut: (s2 & 0x20) !== 0 || (s4 & 0x60) === 0x60,
    coverOpen: (s2 & 0x04) !== 0,
    offline: (s1 & 0x08) !== 0,
    error: (s2 & 0x40) !== 0 || (s3 & 0x6c) !== 0,
    paperNearEnd: (s4 & 0x0c) === 0x0c,
  };
  if (answers[1] !== undefined) status.drawerOpen = (s1 & 0x04) !== 0;
  if (s3 & 0x08) status.errorKind = 'cutter';
  else if (s3 & 0x04) status.errorKind = 'mechanical';
  else if (s3 & 0x20) status.errorKind = 'unrecoverable';
  else if (s3 & 0x40) status.errorKind = 'temperature';
  return status;
}

/** The status bytes a printer in `status` answers (for the virtual printer and tests). */
export function encodeStatus(status: PrinterStatus): Record<StatusQuery, number> {
  const offline = status.offline || status.paperOut || status.coverOpen || status.error;
  const kind = status.error ? (status.errorKind ?? 'mechanical') : undefined;
  return {
    1: 0x12 | (offline ? 0x08 : 0) | (status.drawerOpen ? 0x04 : 0),
    2: 0x12 | (status.coverOpen ? 0x04 : 0) | (status.paperOut ? 0x20 : 0) | (status.error ? 0x40 : 0),
    3: 0x12 | (kind === 'cutter' ? 0x08 : 0) | (kind === 'mechanical' ? 0x04 : 0) | (kind === 'unrecoverable' ? 0x20 : 0) | (kind === 'temperature' ? 0x40 : 0),
    4: 0x12 | (status.paperNearEnd || status.paperOut ? 0x0c : 0) | (status.paperOut ? 0x60 : 0),
  };
}

export type PrinterProblemCode = 'PAPER_OUT' | 'COVER_OPEN' | 'PRINTER_ERROR' | 'OFFLINE';

/** The one thing to tell the cashier, most actionable first; null when the printer can print. */
export function statusProblem(status: PrinterStatus): { code: PrinterProblemCode; reason: string } | null {
  if (status.coverOpen) return { code: 'COVER_OPEN', reason: '打印机上盖未合好，请合上打印机盖' };
  if (status.paperOut) return { code: 'PAPER_OUT', reason: '打印机缺纸，请装入热敏纸卷' };
  if (status.error) {
    const what =
      status.errorKind === 'cutter'
        ? '切刀故障（可能卡纸），请关机清除卡纸后重开'
        : status.errorKind === 'temperature'
          ? '打印头过热，请稍候片刻'
          : status.errorKind === 'unrecoverable'
            ? '严重故障，请关机检查或联系维修'
            : '机械故障，请关机检查后重开';
    return { code: 'PRINTER_ERROR', reason: `打印机${what}` };
  }
  if (status.offline) return { code: 'OFFLINE', reason: '打印机离线（可能正在走纸或处于暂停状态），请检查打印机指示灯' };
  return null;
}
