import type { HandlerSlice, MethodsOf } from '../api/handlers';
import type { ShiftService } from './shift-service';

export function shiftHandlers(shifts: ShiftService): HandlerSlice<MethodsOf<'shift'>> {
  return {
    'shift.open': ({ float }, context) => shifts.open(float, context),
    'shift.current': (_input, context) => shifts.current(context),
    'shift.close': (input, context) => shifts.close(input, context),
    'shift.summary': ({ shiftId }) => shifts.summary(shiftId),
  };
}
