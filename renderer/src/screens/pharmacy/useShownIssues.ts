import { useState } from 'react';

const NONE: ReadonlySet<string> = new Set();

/**
 * A form's issues less those the pharmacist has since dealt with: a line's error goes as soon as its field
 * is edited (or the line removed), the rest stay until the next submit. The kit's useForm keeps its issues
 * until the next submit or `clear()`, which would also drop the sentence, so the hiding lives here.
 */
export function useShownIssues(issues: Record<string, string>) {
  const [hidden, setHidden] = useState<{ of: Record<string, string>; paths: ReadonlySet<string> }>({ of: issues, paths: NONE });
  // A new refusal brings new issues: whatever was hidden belonged to the last one.
  const paths = hidden.of === issues ? hidden.paths : NONE;
  const shown: Record<string, string> = {};
  for (const [path, message] of Object.entries(issues)) if (!paths.has(path)) shown[path] = message;
  const hide = (list: readonly string[]) => setHidden((h) => ({ of: issues, paths: new Set([...(h.of === issues ? h.paths : []), ...list]) }));
  return { shown, hide, hideAll: () => hide(Object.keys(issues)) };
}
