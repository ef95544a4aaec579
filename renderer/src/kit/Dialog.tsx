import * as RadixDialog from '@radix-ui/react-dialog';
import { useState, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  testId: string;
  onCancel: () => void;
  children: ReactNode;
  wide?: boolean;
}

/**
 * A modal dialog on Radix's accessible dialog: focus moves into it (its autoFocus field, else its first
 * field), Tab stays inside, Esc cancels, and when it closes focus returns to where it was. A click beside
 * it does nothing (a cashier's stray click must not drop a half-typed payment). It renders in place, not in
 * a portal, so it stays inside the screen that opened it; its body is a key scope, so Enter goes field to
 * field within the dialog.
 */
export function Dialog({ title, testId, onCancel, children, wide }: DialogProps) {
  // Read while rendering the opening frame, before any autoFocus inside the dialog moves focus. Radix
  // would return focus to a trigger; these dialogs have none (a key opens them), so we do it ourselves.
  const [returnTo] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onCancel()}>
      <RadixDialog.Overlay className="dialog-backdrop">
        <RadixDialog.Content
          className={`dialog${wide ? ' wide' : ''}`}
          data-testid={testId}
          data-keyscope
          aria-describedby={undefined}
          onCloseAutoFocus={(e) => {
            // Radix runs this a tick after the dialog closed: by then the screen may have moved focus on
            // purpose (to the line a refusal names); only focus that fell to the page goes back.
            e.preventDefault();
            const lost = !document.activeElement || document.activeElement === document.body;
            if (lost && returnTo?.isConnected && returnTo !== document.body) returnTo.focus();
          }}
          onPointerDownOutside={(e) => e.preventDefault()}
          onInteractOutside={(e) => e.preventDefault()}
          onKeyDown={(e) => {
            // Keys typed in a dialog belong to it, not to the screen behind it.
            if (e.key === 'Escape') e.stopPropagation();
          }}
        >
          <RadixDialog.Title asChild>
            <h3 className="dialog-title">
              {title} <span className="muted dialog-esc">Esc 取消</span>
            </h3>
          </RadixDialog.Title>
          {children}
        </RadixDialog.Content>
      </RadixDialog.Overlay>
    </RadixDialog.Root>
  );
}
