import type { CommunityResults } from '../api/types';
import { COVERED_TEXT, coveredTitle, RESULT_LABELS } from './labels';

export function ResultsView({ communities }: { communities: readonly CommunityResults[] }) {
  if (communities.length === 0) return <p className="empty">还没有收到选举结果。</p>;
  return (
    <div className="communities">
      {communities.map((community) => (
        <section key={community.electionId} className="community">
          <h3>
            {community.community} <span className="sub">{community.title}</span>
          </h3>
          {community.stations.map((station) => (
            <div key={station.station} className="station-result">
              <h4>
                {station.name || station.station}
                {station.rounds.length === 0 ? <span className="result result-missing">未收到</span> : null}
                {station.rounds.map((round) => (
                  <span key={`${round.round}-${round.receivedAt}`} className={`result result-${round.status}`} title={[...(round.difference ?? []), coveredTitle(round.covered)].join('\n')}>
                    第 {round.round} 轮 · {RESULT_LABELS[round.status]}
                  </span>
                ))}
              </h4>
              {station.rounds.filter((round) => round.status !== 'conflicting').map((round) => (
                <p key={`c-${round.round}-${round.receivedAt}`} className="sub covered" data-covered-hash={round.covered?.hash ?? ''}>
                  第 {round.round} 轮 · {COVERED_TEXT.zh(round.covered)}
                </p>
              ))}
              {station.rounds.filter((round) => round.difference).map((round) => (
                <ul key={`d-${round.round}-${round.receivedAt}`} className="difference">
                  {round.difference!.slice(0, 5).map((line) => (
                    <li key={line} title={line}>
                      {line.split(' / ')[0]}
                    </li>
                  ))}
                </ul>
              ))}
              {station.committee ? (
                <table className="committee">
                  <tbody>
                    {station.committee.positions.map((position) => (
                      <tr key={position.id}>
                        <th>{position.title}</th>
                        <td>
                          {position.elected.map((person) => (
                            <span key={person.person} className="elected">
                              {person.name}
                              <span className="sub">
                                {' '}
                                {person.votes} 票{person.round > 1 ? ` · 另行选举` : ''}
                                {person.pendingQualification ? ' · 待资格审查' : ''}
                              </span>
                            </span>
                          ))}
                          {position.vacant > 0 ? <span className="vacant">空缺 {position.vacant} 名</span> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {station.committee && !station.committee.final ? <p className="sub">尚需另行选举</p> : null}
              {station.committee && !station.committee.last.valid ? <p className="warn">本轮选举无效</p> : null}
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
