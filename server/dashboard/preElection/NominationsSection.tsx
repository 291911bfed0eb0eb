/**
 * 提名: joint (联名, with signatures) or self-nominations per position, each shown with its flags
 * and reasons — under 18, not on the roll, in the election committee, duplicates, too few
 * signatures, relatives (家族化, a warning only) — and the checklist the office confirms.
 */
import { useState, type FormEvent } from 'react';
import type { ChecklistInput, Nomination, NominationInput, NominationKind } from '../../preElection/types';
import { communityPath, postJson, useLoad } from './client';
import type { SectionProps } from './CommunityView';
import { flagText, KIND_LABELS, L } from './labels';
import { useLang, useT } from './lang';
import { Refusal, useAction } from './Refusal';

function NominationForm({ summary, changed }: Pick<SectionProps, 'summary' | 'changed'>) {
  const t = useT();
  const action = useAction();
  const positions = summary.community.positions;
  const [positionId, setPositionId] = useState(positions[0]?.id ?? '');
  const [idNumber, setIdNumber] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<NominationKind>('joint');
  const [signatures, setSignatures] = useState('');
  const [nominatedOn, setNominatedOn] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: NominationInput = { positionId, idNumber, name, kind, nominatedOn, ...(kind === 'joint' ? { signatures: Number(signatures) } : {}) };
    if (await action.run(() => postJson(`${communityPath(summary.community.id)}/nominations`, input))) {
      setIdNumber('');
      setName('');
      changed();
    }
  };
  return (
    <form className="pre-form" onSubmit={submit} data-testid="nomination-form">
      <label>
        {t(L.position)}
        <select value={positionId} onChange={(event) => setPositionId(event.target.value)} data-testid="nomination-position">
          {positions.map((position) => (
            <option key={position.id} value={position.id}>
              {position.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t(L.idNumber)}
        <input value={idNumber} onChange={(event) => setIdNumber(event.target.value)} required data-testid="nomination-idNumber" />
      </label>
      <label>
        {t(L.name)}
        <input value={name} onChange={(event) => setName(event.target.value)} required data-testid="nomination-name" />
      </label>
      <label>
        {t(L.kind)}
        <select value={kind} onChange={(event) => setKind(event.target.value as NominationKind)} data-testid="nomination-kind">
          {(Object.keys(KIND_LABELS) as NominationKind[]).map((value) => (
            <option key={value} value={value}>
              {t(KIND_LABELS[value])}
            </option>
          ))}
        </select>
      </label>
      {kind === 'joint' ? (
        <label>
          {t(L.signatures)}
          <input type="number" min={0} value={signatures} onChange={(event) => setSignatures(event.target.value)} required data-testid="nomination-signatures" />
        </label>
      ) : null}
      <label>
        {t(L.nominatedOn)}
        <input type="date" value={nominatedOn} onChange={(event) => setNominatedOn(event.target.value)} required data-testid="nomination-date" />
      </label>
      <button type="submit" disabled={action.busy} data-testid="nomination-submit">
        {t(L.nominate)}
      </button>
      <Refusal error={action.error} testId="nomination-refusal" />
    </form>
  );
}

function Withdraw({ summary, nomination, changed }: Pick<SectionProps, 'summary' | 'changed'> & { nomination: Nomination }) {
  const t = useT();
  const action = useAction();
  const withdraw = async () => {
    if (await action.run(() => postJson(`${communityPath(summary.community.id)}/nominations/${encodeURIComponent(nomination.id)}/withdraw`, {}))) changed();
  };
  return (
    <>
      <button type="button" className="link-button" disabled={action.busy} onClick={() => void withdraw()} data-testid="nomination-withdraw">
        {t(L.withdraw)}
      </button>
      <Refusal error={action.error} />
    </>
  );
}

/** The checklist items not yet confirmed for a nominee, each confirmed with one press. */
function Checklist({ summary, nomination, changed }: Pick<SectionProps, 'summary' | 'changed'> & { nomination: Nomination }) {
  const t = useT();
  const { lang } = useLang();
  const action = useAction();
  const confirmed = new Set(nomination.checklist.filter((item) => item.confirmed).map((item) => item.itemId));
  const items = summary.community.profile.checklist;
  const confirm = async (itemIds: readonly string[]) => {
    const done = await action.run(async () => {
      for (const itemId of itemIds) {
        const input: ChecklistInput = { itemId, confirmed: true };
        await postJson(`${communityPath(summary.community.id)}/nominations/${encodeURIComponent(nomination.id)}/checklist`, input);
      }
    });
    if (done) changed();
  };
  const open = items.filter((item) => !confirmed.has(item.id));
  return (
    <div className="checklist" data-testid="checklist">
      {items.map((item) => (
        <span key={item.id} className={confirmed.has(item.id) ? 'badge ok' : 'badge'} data-item={item.id} data-confirmed={confirmed.has(item.id) ? 'yes' : 'no'}>
          {confirmed.has(item.id) ? '✓ ' : ''}
          {item[lang]}
        </span>
      ))}
      {open.length > 0 ? (
        <button type="button" disabled={action.busy} onClick={() => void confirm(open.map((item) => item.id))} data-testid="checklist-confirm">
          {t(L.confirmItem)} {t(L.checklist)}
        </button>
      ) : null}
      <Refusal error={action.error} />
    </div>
  );
}

export function NominationsSection({ summary, version, changed }: SectionProps) {
  const t = useT();
  const { lang } = useLang();
  const nominations = useLoad<Nomination[]>(`${communityPath(summary.community.id)}/nominations`, version);
  const titleOf = (positionId: string) => summary.community.positions.find((position) => position.id === positionId)?.title ?? positionId;
  return (
    <div data-testid="nominations">
      {nominations.error ? <Refusal error={nominations.error} /> : null}
      {nominations.data && nominations.data.length > 0 ? (
        <div className="table-scroll">
          <table className="pre-table" data-testid="nomination-table">
            <thead>
              <tr>
                <th>{t(L.name)}</th>
                <th>{t(L.position)}</th>
                <th>{t(L.kind)}</th>
                <th>{t(L.flags)}</th>
                <th>{t(L.checklist)}</th>
              </tr>
            </thead>
            <tbody>
              {nominations.data.map((nomination) => (
                <tr key={nomination.id} data-nomination={nomination.id} data-id-number={nomination.idNumber} data-eligible={nomination.eligible ? 'yes' : 'no'} data-flags={nomination.flags.map((flag) => flag.code).join(' ')}>
                  <td>
                    {nomination.name}
                    <div className="sub">{nomination.idNumber}</div>
                    <span className={nomination.eligible ? 'badge ok' : 'badge warn'}>{t(nomination.status === 'withdrawn' ? L.withdrawn : nomination.eligible ? L.eligible : L.notEligible)}</span>
                  </td>
                  <td>{titleOf(nomination.positionId)}</td>
                  <td>
                    {t(KIND_LABELS[nomination.kind])}
                    {nomination.signatures !== null ? ` · ${nomination.signatures}` : ''}
                    <div className="sub">{nomination.nominatedOn}</div>
                  </td>
                  <td>
                    <ul className="flags">
                      {nomination.flags
                        .filter((flag) => flag.code !== 'checklistOpen')
                        .map((flag) => (
                          <li key={flag.code} className={flag.refusing ? 'flag refusing' : 'flag caution'} data-flag={flag.code}>
                            {flagText(flag, lang)}
                          </li>
                        ))}
                    </ul>
                  </td>
                  <td>
                    {nomination.status === 'active' && !summary.formalList ? (
                      <>
                        <Checklist summary={summary} nomination={nomination} changed={changed} />
                        <Withdraw summary={summary} nomination={nomination} changed={changed} />
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="empty">{t(L.none)}</p>
      )}
      <NominationForm summary={summary} changed={changed} />
    </div>
  );
}
