import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../shared/election/issues';
import type { CountResult } from '../../../shared/election/schemas';
import { mergeRounds } from '../../../shared/rules/merge';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';
import { HandoverPanel } from './HandoverPanel';
import { SheetPanel } from './SheetPanel';

/** Every round's result, the committee as it stands, and the runoff if one is called. */
export function ResultsScreen() {
  const { t } = useTranslation();
  const { view, count, countActions, operator } = useStation();
  const [stock, setStock] = useState('');
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  if (!count || !view.info || count.results.length === 0) return null;
  const committee = mergeRounds(view.info.election, count.results);
  const last = committee.last;
  return (
    <section data-testid="results-screen">
      <div className="panel" data-testid="committee">
        <h2>{t('results.committee')}</h2>
        <table className="data">
          <tbody>
            {committee.positions.map((position) => (
              <tr key={position.id}>
                <th>{position.title}</th>
                <td data-testid={`committee-${position.id}`}>
                  {position.elected.map((person) => (
                    <span key={person.person} className="elected" data-person={person.person}>
                      {person.name}（{person.votes}，{t('results.round', { round: person.round })}
                      {person.pendingQualification ? `，${t('results.pending')}` : ''}）
                    </span>
                  ))}
                  {position.vacant > 0 && <span className="badge struck">{t('results.vacant')} {position.vacant}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {committee.final && !count.sheet && <p className="notice ok">{t('results.final')}</p>}
        {(last.notices ?? []).map((notice) => (
          <p key={notice} className="notice warn" data-notice={notice}>
            {t(`results.notice.${notice}`)}
          </p>
        ))}
      </div>
      {/* Every round's sheet on the spot (RULES §7): a round that calls a runoff is signed and printed too. */}
      {(committee.final || last.runoff) && <SheetPanel />}
      {/* After certification: the handover within 3 days, its list, the sealed archive (issue 18). */}
      {committee.final && count.sheet && <HandoverPanel />}
      {last.runoff && (
        <div className="panel" data-testid="runoff">
          <h2>{t('results.runoffTitle')}</h2>
          <ul>
            {last.runoff.positions.map((position) => {
              const title = view.info?.election.positions.find((p) => p.id === position.id)?.title ?? position.id;
              const names = position.candidates.map((person) => last.positions.find((p) => p.id === position.id)?.tallies.find((tally) => tally.person === person)?.name ?? person);
              return (
                <li key={position.id} data-testid={`runoff-${position.id}`}>
                  {t('results.runoffPosition', { title, seats: position.seats, names: names.join('、') })}
                  {position.womenOnly ? t('results.womenOnly') : ''}
                </li>
              );
            })}
          </ul>
          <form
            className="row"
            onSubmit={async (event) => {
              event.preventDefault();
              const outcome = await countActions.startRunoff(Number(stock), operator);
              setIssues(outcome.ok ? [] : outcome.issues);
            }}
          >
            <label className="field">
              <span>{t('results.runoffStock')}</span>
              <input type="number" min={1} value={stock} onChange={(event) => setStock(event.target.value)} data-testid="runoff-stock" />
            </label>
            <button type="submit" className="btn primary" data-testid="start-runoff">
              {t('results.startRunoff')}
            </button>
          </form>
          <IssueList issues={issues} />
        </div>
      )}
      {[...count.results].reverse().map((result) => (
        <RoundResult key={result.round} result={result} />
      ))}
    </section>
  );
}

export function RoundResult({ result }: { result: CountResult }) {
  const { t } = useTranslation();
  const { count, bridge } = useStation();
  // An earlier round's own signed sheet (a round that called a runoff): reprinted as stored.
  const sheet = count?.round !== result.round ? count?.sheets[result.round] : undefined;
  return (
    <div className="panel" data-testid={`round-${result.round}`}>
      <h2>{t('results.title', { round: result.round })}</h2>
      {sheet && (
        <p>
          <a className="btn" href={bridge.sheetUrl(sheet.files.sheet)} target="_blank" rel="noreferrer" data-testid={`round-sheet-${result.round}`}>
            {t('sheet.signedTitle')}
          </a>
        </p>
      )}
      <p>{t('results.stats', result.stats)}</p>
      {result.positions.map((position) => (
        <div key={position.id} data-testid={`result-${position.id}`}>
          <h3>
            {position.title ?? position.id}（{t('setup.seats', { count: position.seats })}）· {t('results.threshold', { threshold: position.threshold })}
            {position.unfilled > 0 && ` · ${t('results.unfilled', { count: position.unfilled })}`}
            {position.invalidSections > 0 && ` · ${t('results.invalidSections', { count: position.invalidSections })}`}
          </h3>
          {position.womenRuleOutcome && <p className="notice warn">{t(`results.${position.womenRuleOutcome}`)}</p>}
          <table className="data">
            <thead>
              <tr>
                <th>{t('results.person')}</th>
                <th className="num">{t('results.for')}</th>
                <th className="num">{t('results.against')}</th>
                <th className="num">{t('results.abstain')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {position.tallies.map((tally) => (
                <tr key={tally.person} data-person={tally.person} data-votes={tally.for}>
                  <td>
                    {tally.name}
                    {!tally.candidate && `（${t('results.writeIn')}）`}
                  </td>
                  <td className="num">{tally.for}</td>
                  <td className="num">{tally.against ?? ''}</td>
                  <td className="num">{tally.abstain ?? ''}</td>
                  <td>{position.elected.includes(tally.person) && <strong className="badge done">{t('results.elected')}</strong>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <details>
        <summary>{t('results.data')}</summary>
        <pre className="result-json" data-testid={`result-json-${result.round}`}>
          {JSON.stringify(result, null, 2)}
        </pre>
      </details>
    </div>
  );
}
