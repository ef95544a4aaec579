import { useEffect, useRef, useState, type ReactNode } from 'react';

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(box: HTMLElement): HTMLElement[] {
  return Array.from(box.querySelectorAll<HTMLElement>(FOCUSABLE));
}

interface DialogProps {
  title: string;
  testId: string;
  onCancel: () => void;
  children: ReactNode;
  wide?: boolean;
}

/**
 * A modal dialog of the counter: focus moves into it (its autoFocus field, else its first field), Tab stays
 * inside, Esc cancels, and when it closes focus returns to where it was before it opened.
 */
export function Dialog({ title, testId, onCancel, children, wide }: DialogProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  // Read while rendering the opening frame, before any autoFocus inside the dialog moves focus.
  const [returnTo] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));

  useEffect(() => {
    const box = boxRef.current;
    if (box && !box.contains(document.activeElement)) focusables(box)[0]?.focus();
    return () => {
      if (returnTo?.isConnected && returnTo !== document.body) returnTo.focus();
    };
  }, [returnTo]);

  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => {
        // A click beside the dialog must not take focus out of it.
        if (e.target === e.currentTarget) e.preventDefault();
      }}
    >
      <div
        ref={boxRef}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        className={`dialog${wide ? ' wide' : ''}`}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          } else if (e.key === 'Tab' && boxRef.current) {
            const all = focusables(boxRef.current);
            const first = all[0];
            const last = all[all.length - 1];
            if (!first || !last) return;
            if (e.shiftKey && document.activeElement === first) {
              e.preventDefault();
              last.focus();
            } else if (!e.shiftKey && document.activeElement === last) {
              e.preventDefault();
              first.focus();
            }
          }
        }}
      >
        <h3 className="dialog-title">
          {title} <span className="muted dialog-esc">Esc 取消</span>
        </h3>
        {children}
      </div>
    </div>
  );
}
