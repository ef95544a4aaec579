import type { FieldIssue } from '../../../shared/api/errors';

/** The Chinese sentence of a failed call (the API's `message`), or of anything else thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The field issues of a refused call (`details.issues`), by the API's path (`lines[0].qty`). */
export function issuesByPath(error: unknown): Record<string, string> {
  const issues = (error as { details?: { issues?: FieldIssue[] } } | null)?.details?.issues ?? [];
  const byPath: Record<string, string> = {};
  for (const issue of issues) byPath[issue.path] ??= issue.message;
  return byPath;
}

/** Focuses (and selects) the first enabled field marked with one of these paths, in the given order. */
export function focusPath(scope: HTMLElement | null, paths: string[]): void {
  for (const path of paths) {
    const input = scope?.querySelector<HTMLInputElement>(`[data-path="${CSS.escape(path)}"]`);
    if (input && !input.disabled) {
      input.focus();
      input.select?.();
      return;
    }
  }
}
