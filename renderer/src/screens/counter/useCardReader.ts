import type { InsuredPerson } from '../../../../shared/domain';
import { api } from '../../api';
import { messageOf } from '../../kit';
import type { Desk } from './billState';

/**
 * F2 读卡: the card in the reader identifies the person; without a reader (or a card), or for a card not in
 * the roster, the cashier is told why and types the ID number instead.
 */
export function useCardReader({ dispatch, focus }: Desk, pickPatient: (person: InsuredPerson) => void) {
  const typeInstead = () =>
    focus.later(() => {
      focus.patient();
      focus.patientRef.current?.select();
    });

  return () => {
    dispatch({ type: 'cardReadStarted' });
    api['devices.readCard']().then(
      async ({ identity, personId }) => {
        const person = personId === null ? null : (await api['people.find']({ query: identity.idNumber, limit: 1 }))[0];
        if (person) {
          dispatch({ type: 'cardNoticeShown', notice: null });
          pickPatient(person);
        } else {
          dispatch({ type: 'cardNoticeShown', notice: `社保卡 ${identity.name}（${identity.idNumber}）不在参保名单中：可登记为自费病人` });
          typeInstead();
        }
      },
      (error: unknown) => {
        dispatch({ type: 'cardNoticeShown', notice: `${messageOf(error)}。请输入身份证号或社保卡号` });
        typeInstead();
      },
    );
  };
}
