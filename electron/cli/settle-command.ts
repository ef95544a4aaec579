import { formatTrace, parseSettleInput, settle, SettlementInputError, toSpecOutput } from '../../shared/settlement';

/**
 * `counter settle`: one case in (the policy spec's format), the spec's output out. Pure computation, no
 * database. Returns the exit code: 1 with the reason on stderr for input that is not a valid case.
 */
export function settleCommand(text: string, options: { explain?: boolean }): number {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    process.stderr.write(`错误：输入不是有效的 JSON（${(error as Error).message}）\n`);
    return 1;
  }
  try {
    const settlement = settle(parseSettleInput(raw));
    process.stdout.write(options.explain ? `${formatTrace(settlement.trace)}\n` : `${JSON.stringify(toSpecOutput(settlement), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof SettlementInputError)) throw error;
    process.stderr.write(`错误：${error.message}\n`);
    for (const issue of error.issues.slice(1)) process.stderr.write(`  ${issue.path}：${issue.message}\n`);
    return 1;
  }
}
