import { useCallback, useEffect, useRef, useState } from 'react';
import { focusPath, issuesByPath, messageOf } from './errors';

export interface FormState<V> {
  values: V;
  /** Changes some values and drops those fields' complaints (the sentence stays until the next submit). */
  set: (patch: Partial<V>) => void;
  reset: (values: V) => void;
  /** The API's field issues of the last refused submit (or the form's own checks), by path. */
  issues: Record<string, string>;
  /** The sentence of the last refusal. */
  error: string | null;
  busy: boolean;
  /**
   * The element the form's fields live in: a refusal focuses its first bad field there. Take it out of
   * the form before rendering (`const { scopeRef } = form`): the hooks lint treats an object holding a
   * ref as a ref and would flag every other read of the form during render.
   */
  scopeRef: React.RefObject<HTMLDivElement | null>;
  /** Binds a text field: `<Field label="床号" {...form.field('bed')} />`. */
  field: <K extends keyof V & string>(name: K, path?: string) => { value: string; onChange: (value: string) => void; path: string; error: string | undefined };
  /** Shows a refusal found before asking (or after): the message, the fields, focus on the first of them. */
  fail: (error: unknown, issues?: Record<string, string>) => void;
  /**
   * Runs `send` once at a time: clears the last refusal, and on failure keeps the API's Chinese message and
   * its field issues and focuses the first bad field. Resolves to send's answer, or undefined if refused.
   */
  submit: <R>(send: (values: V) => Promise<R>) => Promise<R | undefined>;
  /** Drops the complaints of these paths only (a removed line, an edited cell), keeping the sentence. */
  clearIssues: (paths: string[]) => void;
  clear: () => void;
}

/** One form's values, refusal and busy state: the pattern every form of the counter follows. */
export function useForm<V extends object>(initial: V | (() => V)): FormState<V> {
  const [values, setValues] = useState<V>(initial);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const scopeRef = useRef<HTMLDivElement | null>(null);
  const busyRef = useRef(false);
  const valuesRef = useRef(values);
  useEffect(() => {
    valuesRef.current = values;
  });

  // A field the person edits drops its own complaint at once; the others stay until the next submit.
  const set = useCallback((patch: Partial<V>) => {
    setValues((v) => ({ ...v, ...patch }));
    setIssues((current) => withoutPaths(current, Object.keys(patch)));
  }, []);
  const clearIssues = useCallback((paths: string[]) => setIssues((current) => withoutPaths(current, paths)), []);
  const clear = useCallback(() => {
    setIssues({});
    setError(null);
  }, []);
  const fail = useCallback((e: unknown, own?: Record<string, string>) => {
    const byPath = own ?? issuesByPath(e);
    setError(typeof e === 'string' ? e : messageOf(e));
    setIssues(byPath);
    // After React has shown the fields' errors, so focus lands on an input that exists.
    const paths = Object.keys(byPath);
    if (paths.length > 0) setTimeout(() => focusPath(scopeRef.current, paths), 0);
  }, []);
  const submit = useCallback(
    async <R,>(send: (values: V) => Promise<R>): Promise<R | undefined> => {
      if (busyRef.current) return undefined;
      busyRef.current = true;
      setBusy(true);
      setError(null);
      setIssues({});
      try {
        return await send(valuesRef.current);
      } catch (e) {
        fail(e);
        return undefined;
      } finally {
        busyRef.current = false;
        setBusy(false);
      }
    },
    [fail],
  );
  const field = <K extends keyof V & string>(name: K, path: string = name) => ({
    value: String(values[name] ?? ''),
    onChange: (value: string) => set({ [name]: value } as unknown as Partial<V>),
    path,
    error: issues[path],
  });
  return { values, set, reset: setValues, issues, error, busy, scopeRef, field, fail, submit, clear, clearIssues };
}

function withoutPaths(issues: Record<string, string>, paths: string[]): Record<string, string> {
  if (!paths.some((p) => p in issues)) return issues;
  const left = { ...issues };
  for (const p of paths) delete left[p];
  return left;
}
