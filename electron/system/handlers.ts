import type { HandlerSlice, MethodsOf } from '../api/handlers';
import type { SystemService } from './system-service';

/** 概况 and the counter's settings; the pharmacy's settings are written here too, with the others. */
export function systemHandlers(system: SystemService): HandlerSlice<MethodsOf<'system'> | 'pharmacy.updateSettings'> {
  return {
    'system.info': (_input, context) => system.info(context),
    'system.updateSettings': (input, context) => system.updateSettings(input, context),
    'pharmacy.updateSettings': (input, context) => system.updatePharmacySettings(input, context),
  };
}
