import type { HandlerSlice, MethodsOf } from '../api/handlers';
import type { DeviceService } from './device-service';

export function deviceHandlers(devices: DeviceService): HandlerSlice<MethodsOf<'devices'>> {
  return {
    'devices.settings': () => devices.settings(),
    'devices.updateSettings': (input, context) => devices.updateSettings(input, context),
    'devices.status': () => devices.status(),
    'devices.testPrint': () => devices.testPrint(),
    'devices.readCard': () => devices.readCard(),
  };
}
