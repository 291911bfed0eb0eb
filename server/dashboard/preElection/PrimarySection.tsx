/**
 * 预选 and 正式候选人名单: per position the eligible nominees against the 差额 range; where they
 * are more than the formal candidates, the primary's votes (or the representatives' meeting's
 * decision); then the formal list, per position in stroke order, published on a date.
 */
import { useState, type FormEvent } from 'react';
import type { FormalListInput, Nomination, PositionStatus, PrimaryInput } from '../../preElection/types';
import { communityPath, postJson, useLoad } from './client';
import type { SectionProps } from './CommunityView';
import { GENDER_LABELS, L } from './labels';
import { useT } from './lang';
import { Refusal, useAction } from './Refusal';

function PrimaryForm({ communityId, status, nominees, changed }: { communityId: string; status: PositionStatus; nominees: readonly Nomination[]; changed: () => void }) {
  const t = useT();
  const action = useAction();
  const [method, setMethod] = useState<PrimaryInput['method']>('vote');
  const [heldOn, setHeldOn] = useState('');
  const [ballots, setBallots] = useState('');
  const [votes, setVotes] = useState<Record<string, string>>({});
  const [advanced, setAdvanced] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: PrimaryInput =
      method === 'vote'
        ? { method, heldOn, ballotsRecovered: Number(ballots), votes: nominees.map((nominee) => ({ nominationId: nominee.id, votes: Number(votes[nominee.id] ?? '') })) }
        : { method, heldOn, advanced: [...advanced], note };
    if (await action.run(() => postJson(`${communityPath(communityId)}/positions/${encodeURIComponent(status.position.id)}/primary`, input))) changed();
  };
  return (
    <form className="pre-form" onSubmit={submit} data-testid={`primary-form-${status.position.id}`}>
      <label>
        {t(L.recordPrimary)}
        <select value={method} onChange={(event) => setMethod(event.target.value as PrimaryInput['method'])} data-testid="primary-method">
          <option value="vote">{t(L.primaryVote)}</option>
          <option value="representativesMeeting">{t(L.primaryMeeting)}</option>
        </select>
      </label>
      <label>
        {t(L.heldOn)}
        <input type="date" value={heldOn} onChange={(event) => setHeldOn(event.target.value)} required data-testid="primary-date" />
      </label>
      {method === 'vote' ? (
        <label>
          {t(L.ballotsRecovered)}
          <input type="number" min={0} value={ballots} onChange={(event) => setBallots(event.target.value)} required data-testid="primary-ballots" />
        </label>
      ) : (
        <label className="wide">
          {t(L.note)}
          <input value={note} onChange={(event) => setNote(event.target.value)} required data-testid="primary-note" />
        </label>
      )}
      <div className="wide primary-nominees">
        {nominees.map((nominee) => (
          <label key={nominee.id} data-nominee={nominee.idNumber}>
            {nominee.name}
            {method === 'vote' ? (
              <input type="number" min={0} value={votes[nominee.id] ?? ''} onChange={(event) => setVotes((old) => ({ ...old, [nominee.id]: event.target.value }))} required data-testid={`primary-votes-${nominee.idNumber}`} />
            ) : (
              <input
                type="checkbox"
                checked={advanced.has(nominee.id)}
                onChange={(event) =>
                  setAdvanced((old) => {
                    const next = new Set(old);
                    if (event.target.checked) next.add(nominee.id);
                    else next.delete(nominee.id);
                    return next;
                  })
                }
                data-testid={`primary-advance-${nominee.idNumber}`}
              />
            )}
          </label>
        ))}
      </div>
      <button type="submit" disabled={action.busy} data-testid="primary-submit">
        {t(L.recordPrimary)}
      </button>
      <Refusal error={action.error} testId="primary-refusal" />
    </form>
  );
}

function FormalListForm({ communityId, changed }: { communityId: string; changed: () => void }) {
  const t = useT();
  const action = useAction();
  const [publishedOn, setPublishedOn] = useState('');
  const [by, setBy] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: FormalListInput = { publishedOn, by };
    if (await action.run(() => postJson(`${communityPath(communityId)}/formal-list`, input))) changed();
  };
  return (
    <form className="pre-inline" onSubmit={submit} data-testid="formal-list-form">
      <label>
        {t(L.publishedOn)}
        <input type="date" value={publishedOn} onChange={(event) => setPublishedOn(event.target.value)} required data-testid="formal-list-date" />
      </label>
      <input value={by} onChange={(event) => setBy(event.target.value)} required placeholder={t(L.by)} data-testid="formal-list-by" />
      <button type="submit" disabled={action.busy} data-testid="formal-list-submit">
        {t(L.publishFormalList)}
      </button>
      <Refusal error={action.error} testId="formal-list-refusal" />
    </form>
  );
}

export function PrimarySection({ summary, version, changed }: SectionProps) {
  const t = useT();
  const communityId = summary.community.id;
  const positions = useLoad<PositionStatus[]>(`${communityPath(communityId)}/positions`, version);
  const nominations = useLoad<Nomination[]>(`${communityPath(communityId)}/nominations`, version);
  const eligibleFor = (positionId: string) => (nominations.data ?? []).filter((nomination) => nomination.positionId === positionId && nomination.eligible && nomination.status === 'active');
  return (
    <div data-testid="primary">
      {positions.error ? <Refusal error={positions.error} /> : null}
      {(positions.data ?? []).map((status) => (
        <div key={status.position.id} className="pre-position" data-position={status.position.id} data-primary-needed={status.primaryNeeded ? 'yes' : 'no'}>
          <h4>
            {status.position.title} <span className="sub">{t(L.seats)} {status.position.seats} · {t(L.formalCandidates)} {status.position.formalCandidates}</span>
          </h4>
          <p>
            {t(L.eligibleNominees)} <b>{status.eligible}</b> · {t(L.range)} {status.range.min}–{status.range.max ?? '∞'} ·{' '}
            <span className={status.primaryNeeded && !status.primary ? 'badge warn' : 'badge'}>{t(status.primaryNeeded ? L.primaryNeeded : L.primaryNotNeeded)}</span>
          </p>
          {status.primary ? (
            <table className="pre-table" data-testid="primary-result">
              <tbody>
                {status.primary.votes.map((row) => (
                  <tr key={row.nominationId} data-advanced={status.primary?.advanced.includes(row.nominationId) ? 'yes' : 'no'}>
                    <td>{row.name}</td>
                    <td className="num">{row.votes}</td>
                    <td>{status.primary?.advanced.includes(row.nominationId) ? t(L.advanced) : status.primary?.tiedAtCut.includes(row.nominationId) ? t(L.tiedAtCut) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {status.primaryNeeded && !summary.formalList && (!status.primary || status.primary.tiedAtCut.length > 0) ? (
            <PrimaryForm communityId={communityId} status={status} nominees={eligibleFor(status.position.id)} changed={changed} />
          ) : null}
        </div>
      ))}
      <h4>
        {t(L.formalList)} <span className="sub">{t(L.strokeOrder)}</span>
      </h4>
      {summary.formalList ? (
        <div data-testid="formal-list" data-published={summary.formalList.publishedOn}>
          <p className="message">
            {t(L.publishedOn)} {summary.formalList.publishedOn} · {t(L.by)} {summary.formalList.by}
          </p>
          {summary.formalList.positions.map(({ position, candidates }) => (
            <p key={position.id} data-formal-position={position.id}>
              <b>{position.title}</b>：
              {candidates.map((candidate) => (
                <span key={candidate.id} className="candidate" data-candidate={candidate.name}>
                  {candidate.name}（{t(GENDER_LABELS[candidate.gender])}，{candidate.birthYear}）
                </span>
              ))}
            </p>
          ))}
        </div>
      ) : (
        <FormalListForm communityId={communityId} changed={changed} />
      )}
    </div>
  );
}
