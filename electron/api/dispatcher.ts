import { z } from 'zod';
import { api, isMethodName, type MethodName } from '../../shared/api/contract';
import { ApiError, formatPath, type Envelope, type FieldIssue } from '../../shared/api/errors';
import { ROLE_NAMES, type Role } from '../../shared/roles';
import type { CallContext, Handler, Handlers } from './handlers';

// Zod's own messages (wrong type, unknown key …) in Chinese, for the person who reads them.
z.config(z.locales.zhCN());

export type Dispatch = (method: unknown, input: unknown, context: CallContext) => Promise<Envelope>;

export interface DispatcherOptions {
  /** Where unexpected failures are reported in full; the caller only sees a generic Chinese message. */
  logError?: (method: string, error: unknown) => void;
  /**
   * Why this app must not change data (a copy opened to look at, a terminal cut off from its ledger):
   * every method the contract marks `mutates` is then refused with this reason. Sign-in still works.
   */
  readOnly?: () => string | null;
}

/**
 * The one generic path every call takes, whatever the transport: the method must exist in the contract,
 * the input must pass its schema (the page is never trusted), then the handler runs. Nothing is written
 * before validation succeeds, so a malformed call changes nothing.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  const logError = options.logError ?? ((method, error) => console.error(`[api] ${method} 失败`, error));

  return async (method, input, context) => {
    if (!isMethodName(method)) {
      return failure(new ApiError('UNKNOWN_METHOD', `收费台不认识这个操作：${String(method).slice(0, 60)}`));
    }
    const refusal = authorise(method, context);
    if (refusal) return failure(refusal);
    const spec = api[method] as { mutates: boolean; public?: boolean; summary: string };
    const readOnly = spec.mutates && !spec.public ? options.readOnly?.() : null;
    if (readOnly) return failure(new ApiError('READ_ONLY', `「${spec.summary}」无法执行：${readOnly}`));
    const parsed = api[method].input.safeParse(input ?? {});
    if (!parsed.success) return failure(badInput(method, parsed.error.issues));
    try {
      const handler = handlers[method] as Handler<MethodName>;
      return { ok: true, result: await handler(parsed.data as never, context) };
    } catch (error) {
      if (error instanceof ApiError) return failure(error);
      logError(method, error);
      return failure(new ApiError('INTERNAL', `操作「${api[method].summary}」未能完成，数据未改动。请重试或联系信息员。`));
    }
  };
}

const PAGE_TRANSPORTS: ReadonlySet<CallContext['transport']> = new Set(['ipc', 'http', 'lan']);

/**
 * Calls from a page (IPC, HTTP, a terminal over the LAN) must come from a signed-in person whose role the contract lists. The CLI and
 * in-process tests are trusted: they already hold the database file itself. The one exception: a paired
 * terminal's own print worker, whose credential the LAN server checked, may call the `terminalService`
 * methods (its counter's print jobs) with no one signed in.
 */
function authorise(method: MethodName, context: CallContext): ApiError | null {
  const spec = api[method] as { public?: boolean; terminalService?: boolean; roles: readonly Role[]; summary: string };
  if (spec.public || !PAGE_TRANSPORTS.has(context.transport)) return null;
  // A paired terminal's print worker, checked by its credential on the LAN server (never a page's call).
  if (context.transport === 'lan' && context.terminalService && context.terminalId !== undefined) {
    return spec.terminalService ? null : new ApiError('FORBIDDEN', `终端后台服务不能执行「${spec.summary}」：请先登录`);
  }
  if (!context.role) return new ApiError('FORBIDDEN', '请先登录');
  if (!spec.roles.includes(context.role)) {
    return new ApiError('FORBIDDEN', `${ROLE_NAMES[context.role]}无权执行「${spec.summary}」`);
  }
  return null;
}

function failure(error: ApiError): Envelope {
  return { ok: false, error: error.toShape() };
}

function badInput(method: MethodName, zodIssues: readonly z.core.$ZodIssue[]): ApiError {
  const issues: FieldIssue[] = zodIssues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  const first = issues[0];
  const where = first && first.path ? `${first.path}：` : '';
  return new ApiError('BAD_INPUT', `「${api[method].summary}」的输入有误：${where}${first?.message ?? '格式不正确'}`, {
    issues,
  });
}
