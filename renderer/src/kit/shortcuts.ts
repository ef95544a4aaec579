import { useEffect, useRef } from 'react';

/**
 * One shortcut registry for the whole page: two window listeners (capture and bubble) installed once, and
 * every screen, view and dialog registers its keys here instead of adding listeners of its own.
 *
 * - `capture`: handled before any field sees the key (the counter's F8/F9/F10 must win over the shell's
 *   screen keys and over a field's own Enter handling);
 * - `bubble` (the default): handled after the focused field had its chance (a picker's ↑↓, a field's Esc).
 *
 * Within a phase the newest registration is asked first; the first handler that returns true wins, and the
 * key's default action and further propagation stop there.
 */
export type KeyHandler = (event: KeyboardEvent) => boolean;
/** `{ F9: settle, 'Alt+P': print, 'Ctrl+Enter': submit }`: handlers by `keyName`. */
export type KeyMap = Partial<Record<string, () => void>>;
export type Phase = 'capture' | 'bubble';

interface Entry {
  phase: Phase;
  handler: { current: KeyHandler };
}

const entries: Entry[] = [];
let installed = false;

function run(phase: Phase, event: KeyboardEvent): void {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry.phase !== phase) continue;
    if (entry.handler.current(event)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  window.addEventListener('keydown', (e) => run('capture', e), true);
  window.addEventListener('keydown', (e) => run('bubble', e));
}

/**
 * A key as the maps name it: 'F9', 'Enter', 'Escape', 'Alt+P', 'Ctrl+Enter', 'Alt+1', 'Shift+F8'.
 * Letters and digits are read from the physical key, so Alt+P works in any input method or layout.
 */
export function keyName(event: Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): string {
  const physical = /^Key([A-Z])$/.exec(event.code)?.[1] ?? /^(?:Digit|Numpad)(\d)$/.exec(event.code)?.[1];
  const base = physical ?? (event.key.length === 1 ? event.key.toUpperCase() : event.key);
  const mods = [event.ctrlKey || event.metaKey ? 'Ctrl' : '', event.altKey ? 'Alt' : '', event.shiftKey && base.length > 1 ? 'Shift' : ''];
  return [...mods.filter(Boolean), base].join('+');
}

/** Turns a key map into a handler. */
export function mapHandler(map: KeyMap): KeyHandler {
  return (event) => {
    const handler = map[keyName(event)];
    if (!handler) return false;
    handler();
    return true;
  };
}

/**
 * Registers keys while `active`. The handler (or map) may change every render; the registration does not.
 */
export function useShortcuts(active: boolean, keys: KeyHandler | KeyMap, options: { phase?: Phase } = {}): void {
  const phase = options.phase ?? 'bubble';
  const latest = useRef<KeyHandler>(() => false);
  useEffect(() => {
    latest.current = typeof keys === 'function' ? keys : mapHandler(keys);
  });
  useEffect(() => {
    if (!active) return;
    install();
    const entry: Entry = { phase, handler: latest };
    entries.push(entry);
    return () => {
      const at = entries.indexOf(entry);
      if (at >= 0) entries.splice(at, 1);
    };
  }, [active, phase]);
}

/** Alt+letter (or Alt+digit) shortcuts while `active`: `{ p: print, s: save, 1: firstTab }`. */
export function useAltKeys(active: boolean, handlers: Record<string, () => void>): void {
  const map: KeyMap = {};
  for (const [letter, handler] of Object.entries(handlers)) map[`Alt+${letter.toUpperCase()}`] = handler;
  useShortcuts(active, map);
}
