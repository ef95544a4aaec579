import { useEffect, useRef, type RefObject } from 'react';

/**
 * Puts focus back on `target` once a kit dialog has closed. The kit's Radix dialog has no trigger, and Radix
 * returns focus only to a trigger, so without this focus would drop to the page after Esc or a refusal.
 * (To go when the kit's Dialog returns focus to where it was itself.)
 */
export function useRefocusOnClose(open: boolean, target: RefObject<HTMLElement | null>): void {
  const wasOpen = useRef(open);
  useEffect(() => {
    if (wasOpen.current && !open) target.current?.focus();
    wasOpen.current = open;
  }, [open, target]);
}
