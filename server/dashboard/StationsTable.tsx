import type { StationOverview } from '../api/types';
import { withToken } from './api';
import { ANOMALY_LABELS, COVERED_TEXT, coveredTitle, NO_PACKAGE, PHASE_LABELS, percent, RESULT_LABELS, sinceText, STEP_LABELS } from './labels';

/** The records the check of the latest accepted round covered; undefined without a result. */
function latestCovered(station: StationOverview): StationOverview['results'][number]['covered'] | undefined {
  const accepted = station.results.filter((result) => result.status !== 'conflicting');
  return accepted.length === 0 ? undefined : accepted.reduce((a, b) => (b.round >= a.round ? b : a)).covered;
}

/** A station's flags, each with its numbers and links to the records behind it. */
function Anomalies({ station }: { station: StationOverview }) {
  if (station.anomalies.length === 0) return <span className="sub">—</span>;
  return (
    <ul className="anomalies">
      {station.anomalies.map((anomaly, i) => (
        <li key={`${anomaly.kind}-${anomaly.round ?? 0}-${i}`} className={`anomaly anomaly-${anomaly.kind}`} data-anomaly={anomaly.kind}>
          <span className="flag">{ANOMALY_LABELS[anomaly.kind]}</span> {anomaly.text}
          {anomaly.details && anomaly.details.length > 0 ? (
            <ul className="details">
              {anomaly.details.map((line, j) => (
                <li key={j}>{line}</li>
              ))}
            </ul>
          ) : null}
          <span className="links">
            {anomaly.links.map((link) => (
              <a key={link.href} href={withToken(link.href)} target="_blank" rel="noreferrer">
                {link.label}
              </a>
            ))}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function StationsTable({ stations, now }: { stations: readonly StationOverview[]; now: number }) {
  if (stations.length === 0) return <p className="empty">还没有登记的投票站。用 <code>npm run district -- station enrol</code> 登记。</p>;
  return (
    <div className="table-wrap">
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
          <th className="wide">异常</th>
        </tr>
      </thead>
      <tbody>
        {stations.map((station) => (
          <tr key={station.id} data-station={station.id} className={station.anomalies.length > 0 ? 'flagged' : ''}>
            <td data-label="投票站">
              <div className="name">{station.name || station.id}</div>
              <div className="sub">{station.id}</div>
            </td>
            <td data-label="社区">{station.community ?? (station.packageKnown ? '—' : <span className="no-package">{NO_PACKAGE}</span>)}</td>
            <td data-label="最后联系" className={station.lastContact && now - Date.parse(station.lastContact) < 5 * 60_000 ? 'fresh' : 'stale'}>{sinceText(station.lastContact, now)}</td>
            <td data-label="进度">
              <span className={`phase phase-${station.phase}`}>{PHASE_LABELS[station.phase]}</span>
              <div className="sub">
                {station.step ? (STEP_LABELS[station.step] ?? station.step) : '—'}
                {station.round > 1 ? ` · 第 ${station.round} 轮` : ''}
              </div>
            </td>
            <td data-label="已发票" className="num">
              {station.checkinsIssued}
              <span className="sub"> / {station.packageKnown ? station.registeredVoters : '—'}</span>
            </td>
            <td data-label="投票率" className="num">
              {station.packageKnown ? (
                <>
                  <div className="bar">
                    <div style={{ width: `${Math.min(100, (station.turnout ?? 0) * 100)}%` }} />
                  </div>
                  {percent(station.turnout)}
                </>
              ) : (
                <span className="no-package" title="登记时没有附选举包：登记选民数不明，不计入全区投票率 / enrolled without a package: not counted in the district turnout">
                  {NO_PACKAGE}
                </span>
              )}
            </td>
            <td data-label="已同步选票" className="num">{station.ballotsSynced}</td>
            <td data-label="结果">
              <span className={`result result-${station.resultStatus}`} title={latestCovered(station) === undefined ? '' : coveredTitle(latestCovered(station) ?? null)}>
                {RESULT_LABELS[station.resultStatus]}
              </span>
              {latestCovered(station) === undefined ? null : <div className="sub covered">{COVERED_TEXT.zh(latestCovered(station) ?? null)}</div>}
            </td>
            <td data-label="异常" className="wide">
              <Anomalies station={station} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
