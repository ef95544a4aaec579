/** The counter's devices as the information officer sets them up (设备设置). */
export interface DeviceSettings {
  printer: {
    /** COM3 on Windows, /dev/ttyUSB0 on Linux. */
    path: string;
    baudRate: 9600 | 19200 | 115200;
    rtscts: boolean;
    paper: 58 | 80;
    kickDrawer: boolean;
  } | null;
  reader: {
    vendorId: number;
    productId: number;
    reportSize: number;
  } | null;
}

export interface DeviceStatus {
  printer: { configured: boolean; connected: boolean; state: string; lastError: string | null };
  reader: { configured: boolean; connected: boolean; state: string; lastError: string | null };
  pendingJobs: number;
  serialPorts: { path: string; manufacturer?: string | undefined }[];
  hidDevices: { vendorId: number; productId: number; product?: string | undefined }[];
}

/** What a swiped social security card yields, and who that is in the roster. */
export interface CardReadResult {
  identity: { idNumber: string; name: string; cardNo: string; validUntil: string };
  personId: number | null;
}
