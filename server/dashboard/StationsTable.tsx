import type { StationOverview } from '../api/types';
import { COVERED_TEXT, coveredTitle, PHASE_LABELS, percent, RESULT_LABELS, sinceText, STEP_LABELS } from './labels';

/** The records the check of the latest accepted round covered; undefined without a result. */
function latestCovered(station: StationOverview): StationOverview['results'][number]['covered'] | undefined {
  const accepted = station.results.filter((result) => result.status !== 'conflicting');
  return accepted.length === 0 ? undefined : accepted.reduce((a, b) => (b.round >= a.round ? b : a)).covered;
}

export function StationsTable({ stations, now }: { stations: readonly StationOverview[]; now: number }) {
  if (stations.length === 0) return <p className="empty">还没有登记的投票站。用 <code>npm run district -- station enrol</code> 登记。</p>;
  return (
    <table className="stations">
      <thead>
        <tr>
          <th>投票站</th>
          <th>社区</th>
          <th>最后联系</th>
          <th>进度</th>
          <th className="num">已发票</th>
          <th className="num">投票率</th>
          <th className="num">已同步选票</th>
          <th>结果</th>
        </tr>
      </thead>
      <tbody>
        {stations.map((station) => (
          <tr key={station.id} data-station={station.id}>
            <td>
              <div className="name">{station.name || station.id}</div>
              <div className="sub">{station.id}</div>
            </td>
            <td>{station.community ?? '—'}</td>
            <td className={station.lastContact && now - Date.parse(station.lastContact) < 5 * 60_000 ? 'fresh' : 'stale'}>{sinceText(station.lastContact, now)}</td>
            <td>
              <span className={`phase phase-${station.phase}`}>{PHASE_LABELS[station.phase]}</span>
              <div className="sub">
                {station.step ? (STEP_LABELS[station.step] ?? station.step) : '—'}
                {station.round > 1 ? ` · 第 ${station.round} 轮` : ''}
              </div>
            </td>
            <td className="num">
              {station.checkinsIssued}
              <span className="sub"> / {station.registeredVoters ?? '—'}</span>
            </td>
            <td className="num">
              <div className="bar">
                <div style={{ width: `${Math.min(100, (station.turnout ?? 0) * 100)}%` }} />
              </div>
              {percent(station.turnout)}
            </td>
            <td className="num">{station.ballotsSynced}</td>
            <td>
              <span className={`result result-${station.resultStatus}`} title={latestCovered(station) === undefined ? '' : coveredTitle(latestCovered(station) ?? null)}>
                {RESULT_LABELS[station.resultStatus]}
              </span>
              {latestCovered(station) === undefined ? null : <div className="sub covered">{COVERED_TEXT.zh(latestCovered(station) ?? null)}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
