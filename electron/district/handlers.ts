import type { HandlerSlice, MethodsOf } from '../api/handlers';
import type { DistrictService } from './district-service';

/** The district centre link, and 医保电子凭证 lookups, which only the centre can answer. */
export function districtHandlers(district: DistrictService): HandlerSlice<MethodsOf<'district'> | 'people.byEVoucher'> {
  return {
    'district.status': () => district.status(),
    'district.settings': () => district.settings(),
    'district.updateSettings': (input, context) => district.updateSettings(input, context),
    'district.syncNow': () => district.syncNow(),
    'district.download': ({ kinds }, context) => district.download(kinds, context),
    'district.rejections': ({ includeHandled }) => district.rejected(includeHandled),
    'people.byEVoucher': ({ token }, context) => district.personByVoucher(token, context),
    'district.resubmit': (input, context) => district.resubmit(input, context),
    'district.dispute': ({ outboxId, note }, context) => district.dispute(outboxId, note, context),
    'district.reconcile': ({ from, to }, context) => district.reconcile(from, to, context),
    'district.reconcilePdf': ({ from, to }, context) => district.reconcilePdf(from, to, context),
  };
}
