import type { TurnoutSeries } from '../api/types';

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

/** Cumulative ballots issued over the day (round 1), as a share of all registered voters. */
export function TurnoutChart({ series }: { series: TurnoutSeries | null }) {
  const points = series?.total ?? [];
  if (!series || points.length === 0) return <p className="empty">还没有领票记录。</p>;
  const times = points.map((p) => Date.parse(p.t));
  const start = Math.min(...times);
  const end = Math.max(...times) + series.bucketMinutes * 60_000;
  const max = Math.max(series.registeredVoters, points[points.length - 1]!.cumulative, 1);
  const x = (t: number) => PAD.left + ((t - start) / Math.max(1, end - start)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => HEIGHT - PAD.bottom - (v / max) * (HEIGHT - PAD.top - PAD.bottom);
  const path = [`M ${x(start)} ${y(0)}`, ...points.map((p) => `L ${x(Date.parse(p.t) + series.bucketMinutes * 60_000)} ${y(p.cumulative)}`)].join(' ');
  const hours: number[] = [];
  for (let t = Math.ceil(start / 3_600_000) * 3_600_000; t <= end; t += 3_600_000) hours.push(t);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="全天投票率">
      {ticks.map((share) => (
        <g key={share}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(share * max)} y2={y(share * max)} className="grid" />
          <text x={PAD.left - 6} y={y(share * max) + 4} textAnchor="end">
            {Math.round(share * 100)}%
          </text>
        </g>
      ))}
      {hours.map((t) => (
        <text key={t} x={x(t)} y={HEIGHT - 8} textAnchor="middle">
          {new Date(t).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' })}
        </text>
      ))}
      <path d={`${path} L ${x(end)} ${y(points[points.length - 1]!.cumulative)}`} className="line" />
    </svg>
  );
}
