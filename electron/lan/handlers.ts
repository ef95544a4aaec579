import type { HandlerSlice, MethodsOf } from '../api/handlers';
import type { LanService } from './lan-service';

/** 医院网络: the administrator's pairing codes, terminal list and revocation (the LAN server pairs and checks). */
export function lanHandlers(lan: LanService): HandlerSlice<MethodsOf<'lan'>> {
  return {
    'lan.link': () => lan.link(),
    'lan.server': () => lan.server(),
    'lan.createPairingCode': (input, context) => lan.createPairingCode(input, context),
    'lan.terminals': () => lan.terminals(),
    'lan.revoke': ({ terminalId }, context) => lan.revoke(terminalId, context),
  };
}
