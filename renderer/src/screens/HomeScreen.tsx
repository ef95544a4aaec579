import type { SystemInfo } from '../../../shared/domain';
import { Facts } from '../kit';

export function HomeScreen({ info }: { info: SystemInfo | null }) {
  if (!info) return <p className="muted">正在读取收费台信息…</p>;
  return (
    <section>
      <h2>收费台概况</h2>
      <Facts
        testId="system-info"
        rows={[
          ['医院', info.hospitalName],
          ['收费台编号', info.counterId],
          ['营业日期', info.today],
          ['药品与诊疗项目', `${info.counts.catalogueItems} 项`],
          ['参保人名单', `${info.counts.people} 人`],
          ['结算政策', `${info.counts.policies} 份`],
          ['操作员', `${info.counts.users} 人`],
          ['程序版本', `${info.productName} ${info.version}（数据库结构 ${info.schemaVersion}）`],
        ]}
      />
      <p className="muted">按 F2 查询目录，F3 查询参保人，F4 进入药房（发药、入库、库存台账、盘点、近效期、报表）。</p>
    </section>
  );
}
