/**
 * `npm run bench`: the performance goals of the settlement engine and ledger, measured on this machine.
 * Numbers, not assertions: the tests check behaviour; this prints what the hardware gives.
 *
 * `npm run bench -- lan district` (or `node --import tsx test/bench/run.ts lan`) runs only the named ones:
 * engine, ledger, search, printer, district, lan, reports.
 */
import { cpus } from 'node:os';
import { benchDistrict, reportDistrict } from './district';
import { benchEngine } from './engine';
import { benchLan, reportLan } from './lan';
import { benchLedger } from './ledger';
import { benchPrinter, reportPrinter } from './printer';
import { benchReports } from './reports';
import { benchSearch } from './search';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(2)} ms`;

const only = new Set(process.argv.slice(2));
const want = (name: string) => only.size === 0 || only.has(name);

console.log(`机器：${cpus()[0]?.model ?? '未知 CPU'} × ${cpus().length}，Node ${process.version}\n`);

if (want('engine')) {
  const engine = await benchEngine();
  console.log(`结算引擎（${engine.lines} 行明细，单核；目标 ≥ 100,000 单/秒）`);
  console.log(`  settle（含中文计算说明）  ${fmt(engine.billsPerSecond)} 单/秒`);
  console.log(`  settle（不生成说明）      ${fmt(engine.billsPerSecondNoTrace)} 单/秒`);
  console.log(`  校验政策与账单 + settle   ${fmt(engine.parseAndSettlePerSecond)} 单/秒\n`);
}

if (want('ledger')) {
  const ledger = await benchLedger();
  console.log(`结算记账（${ledger.settlements} 笔 × ${ledger.lines} 行，文件数据库，synchronous=FULL，目录 ${ledger.dataDir}）`);
  console.log(`  结算并提交   ${fmt(ledger.settlePerSecond)} 笔/秒   p50 ${ms(ledger.settleP50Ms)}   p99 ${ms(ledger.settleP99Ms)}`);
  console.log(`  直接插入同样的行（下限）   ${fmt(ledger.floorPerSecond)} 笔/秒   p50 ${ms(ledger.floorP50Ms)}   p99 ${ms(ledger.floorP99Ms)}`);
  console.log(`  平均耗时之比 ${ledger.ratio.toFixed(2)}（目标 ≤ 1.5）`);
}

if (want('search')) {
  const search = await benchSearch();
  console.log(`\n目录查询（${fmt(search.items)} 个项目，逐键输入 ${fmt(search.keystrokes)} 次，含实时库存；目标 p95 < 5 ms）`);
  console.log(`  每次按键   p50 ${ms(search.p50Ms)}   p95 ${ms(search.p95Ms)}   p99 ${ms(search.p99Ms)}`);
}

if (want('printer')) {
  console.log('');
  reportPrinter(await benchPrinter());
}

if (want('district')) {
  console.log('');
  reportDistrict(await benchDistrict());
}

if (want('lan')) {
  console.log('');
  reportLan(await benchLan());
}

// The reports bench builds a year of about a million settlements in a temporary database (several GB, ~1.5 min).
if (want('reports')) {
  const reportsBench = await benchReports();
  console.log(
    `\n报表（${fmt(reportsBench.settlements)} 笔结算）：日结单 ${ms(reportsBench.day.sheetMedianMs)}，含 PDF ${ms(reportsBench.day.pdfMedianMs)}；` +
      `月报 ${ms(reportsBench.month.reportMedianMs)}，含 PDF ${ms(reportsBench.month.pdfMedianMs)}（目标：日结单 < 100 ms，月报 < 1 s）`,
  );
}
