import { createContext, useContext, useEffect, type RefObject } from 'react';

/** Handles a key of the counter's own (F2, F7–F11, Alt+N, Ctrl+P); true when it used the key. */
export type CounterKeyHandler = (event: KeyboardEvent) => boolean;

/** The slot the one view now showing on 收费 fills with its key handler (CounterScreen listens on window). */
export const CounterKeysContext = createContext<RefObject<CounterKeyHandler | null> | null>(null);

/** Registers this view's F-key handler for as long as it is mounted; the latest render's handler is used. */
export function useCounterKeys(handler: CounterKeyHandler): void {
  const slotRef = useContext(CounterKeysContext);
  useEffect(() => {
    if (slotRef) slotRef.current = handler;
  });
  useEffect(() => {
    return () => {
      if (slotRef) slotRef.current = null;
    };
  }, [slotRef]);
}

/** 1–4 with Alt (by physical key: Alt+digit types other characters on some layouts), or null. */
export function altDigit(event: { altKey: boolean; ctrlKey: boolean; metaKey: boolean; code: string }): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  const match = /^(?:Digit|Numpad)(\d)$/.exec(event.code);
  return match ? Number(match[1]) : null;
}

/** Ctrl+P or F11: print what is on screen. */
export function isPrintKey(event: KeyboardEvent): boolean {
  return event.key === 'F11' || ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'p');
}
