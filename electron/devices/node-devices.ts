/**
 * The real devices, wired: the only place the app needs to reach for node-hid and serialport adapters.
 * Everything else in electron/devices works on the transport interfaces and runs in tests unchanged.
 */
import { PrinterDriver, type PrinterDriverOptions } from './printer/printer-driver';
import { ReaderConnection, type ReaderSettings } from './reader/reader-connection';
import { SocialSecurityCardService } from './sscard/card-service';
import { NodeHidBus } from './transport/hid-node';
import { listSerialPorts, openSerial } from './transport/serial-node';
import type { HidDeviceInfo, SerialSettings } from './transport/types';

export { listSerialPorts };

/**
 * The card reader from the device settings (vendor/product id, report size), watched for hot-plug.
 * Call `connection.start()` once, `cards.read(today)` per card, `connection.stop()` on quit.
 */
export function createCardReader(settings: ReaderSettings): { connection: ReaderConnection; cards: SocialSecurityCardService } {
  const connection = new ReaderConnection(new NodeHidBus(), settings);
  return { connection, cards: new SocialSecurityCardService(connection) };
}

/** Every HID device the OS lists, for the device page's "which one is the reader" picker. */
export function listHidDevices(): Promise<HidDeviceInfo[]> {
  return new NodeHidBus().devices();
}

/** Opens the receipt printer's port and returns its driver (`printJob(bytes)`, `status()`, `kickDrawer()`). */
export async function openReceiptPrinter(settings: SerialSettings, options: PrinterDriverOptions = {}): Promise<PrinterDriver> {
  return new PrinterDriver(await openSerial(settings), options);
}
