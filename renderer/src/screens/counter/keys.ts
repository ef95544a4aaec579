import { keyName } from '../../kit';

/** Ctrl+P or F11: print what is on screen. */
export function isPrintKey(event: KeyboardEvent): boolean {
  return event.key === 'F11' || keyName(event) === 'Ctrl+P';
}
