import { fen, type Fen } from '../../../../shared/money';
import { formatYuan } from '../../kit';

export interface ChartPoint {
  month: string;
  visits: number;
  /** 次均费用 in fen. */
  perVisit: Fen;
}

const W = 560;
const H = 240;
const PAD = { left: 52, right: 96, top: 40, bottom: 44 };

/** A tidy upper bound for an axis: 1, 2 or 5 × 10ⁿ at or above the largest value (at least 1). */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/**
 * 人次 (left axis, solid) and 次均费用 (right axis, in 元, dashed) of six months as two polylines in plain
 * SVG: no chart library, nothing fetched.
 */
export function MonthlyChart({ points }: { points: ChartPoint[] }) {
  const visitsMax = niceMax(Math.max(...points.map((p) => p.visits)));
  const feeMax = niceMax(Math.max(...points.map((p) => p.perVisit)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length > 1 ? (i * plotW) / (points.length - 1) : plotW / 2);
  const y = (value: number, max: number) => PAD.top + plotH - (value / max) * plotH;
  const line = (pick: (p: ChartPoint) => number, max: number) => points.map((p, i) => `${x(i).toFixed(1)},${y(pick(p), max).toFixed(1)}`).join(' ');
  const ticks = [0, 0.5, 1];

  return (
    <svg className="rp-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="近六个月人次与次均费用" data-testid="monthly-chart-svg">
      {ticks.map((t) => (
        <g key={t}>
          <line className="rp-chart-grid" x1={PAD.left} x2={W - PAD.right} y1={y(t * visitsMax, visitsMax)} y2={y(t * visitsMax, visitsMax)} />
          <text className="rp-chart-tick" x={PAD.left - 6} y={y(t * visitsMax, visitsMax) + 4} textAnchor="end">
            {Math.round(t * visitsMax)}
          </text>
          <text className="rp-chart-tick" x={W - PAD.right + 6} y={y(t * feeMax, feeMax) + 4} textAnchor="start">
            {formatYuan(fen(Math.round(t * feeMax)))}
          </text>
        </g>
      ))}
      <text className="rp-chart-caption" x={PAD.left - 6} y={PAD.top - 12} textAnchor="end">人次</text>
      <text className="rp-chart-caption" x={W - PAD.right + 6} y={PAD.top - 12} textAnchor="start">次均费用（元）</text>
      <text className="rp-chart-caption" x={PAD.left + plotW / 2} y={H - 4} textAnchor="middle">月份</text>
      {points.map((p, i) => (
        <text key={p.month} className="rp-chart-tick" x={x(i)} y={H - PAD.bottom + 16} textAnchor="middle">
          {p.month.slice(2).replace('-', '年') + '月'}
        </text>
      ))}
      <polyline className="rp-line-visits" points={line((p) => p.visits, visitsMax)} data-testid="chart-visits" />
      <polyline className="rp-line-fee" points={line((p) => p.perVisit, feeMax)} data-testid="chart-per-visit" />
      {points.map((p, i) => (
        <g key={`v-${p.month}`}>
          <circle className="rp-dot-visits" cx={x(i)} cy={y(p.visits, visitsMax)} r={3} />
          {p.visits > 0 && (
            <text className="rp-chart-label rp-label-visits" x={x(i) - 4} y={y(p.visits, visitsMax) - 7} textAnchor="end">{p.visits}</text>
          )}
          <circle className="rp-dot-fee" cx={x(i)} cy={y(p.perVisit, feeMax)} r={3} />
          {p.perVisit > 0 && (
            <text className="rp-chart-label rp-label-fee" x={x(i) - 4} y={y(p.perVisit, feeMax) + 14} textAnchor="end">{formatYuan(p.perVisit)}</text>
          )}
        </g>
      ))}
      <g transform={`translate(${PAD.left + plotW / 2 - 70}, 14)`}>
        <line className="rp-line-visits" x1={0} x2={18} y1={-4} y2={-4} />
        <text className="rp-chart-tick" x={22} y={0}>人次</text>
        <line className="rp-line-fee" x1={70} x2={88} y1={-4} y2={-4} />
        <text className="rp-chart-tick" x={92} y={0}>次均费用</text>
      </g>
    </svg>
  );
}
