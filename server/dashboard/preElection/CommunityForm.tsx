/** A community's election before its roll is published: id, titles, election day, method, positions with seats and formal candidates. */
import { useState, type FormEvent } from 'react';
import type { CommunityInput, Method, PositionPlan } from '../../preElection/types';
import { postJson } from './client';
import { L, METHOD_LABELS } from './labels';
import { useT } from './lang';
import { Refusal, useAction } from './Refusal';

/**
 * A position as the form holds it, with the fewest candidates more than its seats when the
 * province sets its own (rules `minExtraCandidates`, e.g. 等额 for 主任; blank: the profile's).
 */
type PositionRow = PositionPlan & { readonly minExtra: string };

/** The usual 居委会: 主任 1, 副主任 1, 委员 3, each with one more formal candidate than seats. */
const DEFAULT_POSITIONS: readonly PositionRow[] = [
  { id: 'chair', title: '主任', rank: 1, seats: 1, formalCandidates: 2, minExtra: '' },
  { id: 'vice-chair', title: '副主任', rank: 2, seats: 1, formalCandidates: 2, minExtra: '' },
  { id: 'member', title: '委员', rank: 3, seats: 3, formalCandidates: 4, minExtra: '' },
];

const FIELDS = ['id', 'name', 'stationName', 'street', 'district', 'electionId', 'electionTitle', 'electionDate'] as const;
type Field = (typeof FIELDS)[number];
const FIELD_LABELS = { id: L.communityId, name: L.communityName, stationName: L.stationName, street: L.street, district: L.district, electionId: L.electionId, electionTitle: L.electionTitle, electionDate: L.electionDate } as const;

export function CommunityForm({ onCreated }: { onCreated: (id: string) => void }) {
  const t = useT();
  const action = useAction();
  const [fields, setFields] = useState<Record<Field, string>>({ id: '', name: '', stationName: '', street: '', district: '', electionId: '', electionTitle: '', electionDate: '' });
  const [method, setMethod] = useState<Method>('direct');
  const [positions, setPositions] = useState<PositionRow[]>([...DEFAULT_POSITIONS]);
  const [publicationDays, setPublicationDays] = useState('');
  const [minSignatures, setMinSignatures] = useState('');

  const setPosition = (index: number, change: Partial<PositionRow>) => setPositions((old) => old.map((position, i) => (i === index ? { ...position, ...change } : position)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const profile = { ...(publicationDays === '' ? {} : { publicationDaysBefore: Number(publicationDays) }), ...(minSignatures === '' ? {} : { minJointSignatures: Number(minSignatures) }) };
    const minExtraCandidates = Object.fromEntries(positions.flatMap((position) => (position.minExtra === '' ? [] : [[position.id, Number(position.minExtra)]])));
    const input: CommunityInput = {
      ...fields,
      ...(Object.keys(minExtraCandidates).length > 0 ? { rules: { minExtraCandidates } } : {}),
      ...(fields.stationName === '' ? { stationName: undefined } : {}),
      method,
      positions: positions.map(({ minExtra: _minExtra, ...position }) => position),
      ...(Object.keys(profile).length > 0 ? { profile } : {}),
    };
    if (await action.run(() => postJson('/communities', input))) onCreated(fields.id);
  };

  return (
    <form className="pre-form" onSubmit={submit} data-testid="community-form">
      {FIELDS.map((field) => (
        <label key={field}>
          {t(FIELD_LABELS[field])}
          <input
            type={field === 'electionDate' ? 'date' : 'text'}
            value={fields[field]}
            onChange={(event) => setFields((old) => ({ ...old, [field]: event.target.value }))}
            data-testid={`community-${field}`}
            required={field !== 'stationName' && field !== 'street' && field !== 'district'}
          />
        </label>
      ))}
      <label>
        {t(L.method)}
        <select value={method} onChange={(event) => setMethod(event.target.value as Method)} data-testid="community-method">
          {(Object.keys(METHOD_LABELS) as Method[]).map((value) => (
            <option key={value} value={value}>
              {t(METHOD_LABELS[value])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t(L.publicationDaysBefore)}
        <input type="number" min={1} value={publicationDays} placeholder="20" onChange={(event) => setPublicationDays(event.target.value)} data-testid="community-publicationDaysBefore" />
      </label>
      <label>
        {t(L.minJointSignatures)}
        <input type="number" min={1} value={minSignatures} placeholder="10" onChange={(event) => setMinSignatures(event.target.value)} data-testid="community-minJointSignatures" />
      </label>
      <table className="pre-table">
        <thead>
          <tr>
            <th>{t(L.position)}</th>
            <th>id</th>
            <th>{t(L.rank)}</th>
            <th>{t(L.seats)}</th>
            <th>{t(L.formalCandidates)}</th>
            <th>{t(L.minExtra)}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {positions.map((position, index) => (
            <tr key={index} data-position-row={index}>
              <td>
                <input value={position.title} onChange={(event) => setPosition(index, { title: event.target.value })} data-testid={`position-${index}-title`} />
              </td>
              <td>
                <input value={position.id} onChange={(event) => setPosition(index, { id: event.target.value })} data-testid={`position-${index}-id`} />
              </td>
              <td>
                <input type="number" min={1} value={position.rank} onChange={(event) => setPosition(index, { rank: Number(event.target.value) })} />
              </td>
              <td>
                <input type="number" min={1} value={position.seats} onChange={(event) => setPosition(index, { seats: Number(event.target.value) })} data-testid={`position-${index}-seats`} />
              </td>
              <td>
                <input type="number" min={1} value={position.formalCandidates} onChange={(event) => setPosition(index, { formalCandidates: Number(event.target.value) })} data-testid={`position-${index}-formal`} />
              </td>
              <td>
                <input type="number" min={0} value={position.minExtra} placeholder="1" onChange={(event) => setPosition(index, { minExtra: event.target.value })} data-testid={`position-${index}-minExtra`} />
              </td>
              <td>
                <button type="button" onClick={() => setPositions((old) => old.filter((_, i) => i !== index))} data-testid={`position-${index}-remove`}>
                  {t(L.removePosition)}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => setPositions((old) => [...old, { id: `position-${old.length + 1}`, title: '', rank: old.length + 1, seats: 1, formalCandidates: 2, minExtra: '' }])}>
        {t(L.addPosition)}
      </button>
      <button type="submit" disabled={action.busy} data-testid="community-create">
        {t(L.createCommunity)}
      </button>
      <Refusal error={action.error} testId="community-refusal" />
    </form>
  );
}
