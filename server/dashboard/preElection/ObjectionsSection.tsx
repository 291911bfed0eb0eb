/**
 * 异议: recorded with their date after publication, decided within the profile's days with a
 * reason; an upheld one says how the roll changes (the only way a published roll changes).
 */
import { useState, type FormEvent } from 'react';
import type { Objection, ObjectionDecision, ObjectionDecisionInput, ObjectionInput, ObjectionSubject, RegistrationCategory, RollChange, RollPage } from '../../preElection/types';
import { communityPath, getJson, postJson, useLoad } from './client';
import type { SectionProps } from './CommunityView';
import { CATEGORY_LABELS, DECISION_LABELS, L, SUBJECT_LABELS } from './labels';
import { useT } from './lang';
import { Refusal, useAction } from './Refusal';

/** The roll entry of an ID number in this community (the roll's search), or a refusal in both languages. */
async function findEntryId(communityId: string, idNumber: string): Promise<string> {
  const wanted = idNumber.trim().toUpperCase();
  const page = await getJson<RollPage>(`${communityPath(communityId)}/roll?${new URLSearchParams({ q: wanted, limit: '20' }).toString()}`);
  const entry = page.entries.find((found) => found.idNumber === wanted);
  if (!entry) throw new Error(`${L.entryNotFound.zh}：${wanted} / ${L.entryNotFound.en}: ${wanted}`);
  return entry.id;
}

function FileForm({ communityId, changed }: { communityId: string; changed: () => void }) {
  const t = useT();
  const action = useAction();
  const [filedOn, setFiledOn] = useState('');
  const [objector, setObjector] = useState('');
  const [subject, setSubject] = useState<ObjectionSubject>('omitted');
  /** The voter it is about, by ID number (as a person knows them), found on the roll when it is sent. */
  const [entryIdNumber, setEntryIdNumber] = useState('');
  const [statement, setStatement] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await action.run(async () => {
      const entryId = entryIdNumber.trim() === '' ? null : await findEntryId(communityId, entryIdNumber);
      const input: ObjectionInput = { filedOn, objector, subject, statement, ...(entryId === null ? {} : { entryId }) };
      await postJson(`${communityPath(communityId)}/objections`, input);
    });
    if (done) {
      setStatement('');
      changed();
    }
  };
  return (
    <form className="pre-form" onSubmit={submit} data-testid="objection-form">
      <label>
        {t(L.filedOn)}
        <input type="date" value={filedOn} onChange={(event) => setFiledOn(event.target.value)} required data-testid="objection-filedOn" />
      </label>
      <label>
        {t(L.objector)}
        <input value={objector} onChange={(event) => setObjector(event.target.value)} required data-testid="objection-objector" />
      </label>
      <label>
        {t(L.subject)}
        <select value={subject} onChange={(event) => setSubject(event.target.value as ObjectionSubject)} data-testid="objection-subject">
          {(Object.keys(SUBJECT_LABELS) as ObjectionSubject[]).map((value) => (
            <option key={value} value={value}>
              {t(SUBJECT_LABELS[value])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t(L.entryByIdNumber)}
        <input value={entryIdNumber} onChange={(event) => setEntryIdNumber(event.target.value)} data-testid="objection-entryIdNumber" />
      </label>
      <label className="wide">
        {t(L.statement)}
        <textarea value={statement} onChange={(event) => setStatement(event.target.value)} required data-testid="objection-statement" />
      </label>
      <button type="submit" disabled={action.busy} data-testid="objection-submit">
        {t(L.fileObjection)}
      </button>
      <Refusal error={action.error} testId="objection-refusal" />
    </form>
  );
}

type ChangeKind = RollChange['kind'];
const EMPTY_ENTRY = { idNumber: '', name: '', address: '', group: '', household: '', category: 'hukou' as RegistrationCategory, evidence: '' };

function DecideForm({ communityId, objection, changed }: { communityId: string; objection: Objection; changed: () => void }) {
  const t = useT();
  const action = useAction();
  const [decidedOn, setDecidedOn] = useState('');
  const [decision, setDecision] = useState<ObjectionDecision>('upheld');
  const [reason, setReason] = useState('');
  const [kind, setKind] = useState<ChangeKind>(objection.subject === 'omitted' ? 'add' : objection.subject === 'wronglyIncluded' ? 'strike' : 'correct');
  const [entry, setEntry] = useState(EMPTY_ENTRY);
  const [corrected, setCorrected] = useState({ name: '', address: '', group: '', household: '' });
  const entryId = objection.entryId ?? '';
  const change = (): RollChange => {
    if (kind === 'add') return { kind, entry };
    if (kind === 'strike') return { kind, entryId, reason };
    return { kind, entryId, fields: Object.fromEntries(Object.entries(corrected).filter(([, value]) => value !== '')) };
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: ObjectionDecisionInput = { decidedOn, decision, reason, ...(decision === 'upheld' ? { change: change() } : {}) };
    if (await action.run(() => postJson(`${communityPath(communityId)}/objections/${encodeURIComponent(objection.id)}/decision`, input))) changed();
  };
  const field = (name: keyof typeof EMPTY_ENTRY, label: { zh: string; en: string }) => (
    <label key={name}>
      {t(label)}
      <input value={entry[name]} onChange={(event) => setEntry((old) => ({ ...old, [name]: event.target.value }))} required={name !== 'evidence'} data-testid={`change-${name}`} />
    </label>
  );
  return (
    <form className="pre-form" onSubmit={submit} data-testid="decide-form">
      <label>
        {t(L.decidedOn)}
        <input type="date" value={decidedOn} onChange={(event) => setDecidedOn(event.target.value)} required data-testid="decide-date" />
      </label>
      <label>
        {t(L.decision)}
        <select value={decision} onChange={(event) => setDecision(event.target.value as ObjectionDecision)} data-testid="decide-decision">
          {(Object.keys(DECISION_LABELS) as ObjectionDecision[]).map((value) => (
            <option key={value} value={value}>
              {t(DECISION_LABELS[value])}
            </option>
          ))}
        </select>
      </label>
      <label className="wide">
        {t(L.reason)}
        <input value={reason} onChange={(event) => setReason(event.target.value)} required data-testid="decide-reason" />
      </label>
      {decision === 'upheld' ? (
        <>
          <label>
            {t(L.rollChange)}
            <select value={kind} onChange={(event) => setKind(event.target.value as ChangeKind)} data-testid="decide-change">
              <option value="add">{t(L.changeAdd)}</option>
              <option value="strike">{t(L.changeStrike)}</option>
              <option value="correct">{t(L.changeCorrect)}</option>
            </select>
          </label>
          {kind === 'add' ? (
            <>
              {field('idNumber', L.idNumber)}
              {field('name', L.name)}
              {field('address', L.address)}
              {field('group', L.group)}
              {field('household', L.household)}
              <label>
                {t(L.category)}
                <select value={entry.category} onChange={(event) => setEntry((old) => ({ ...old, category: event.target.value as RegistrationCategory }))} data-testid="change-category">
                  {(Object.keys(CATEGORY_LABELS) as RegistrationCategory[]).map((value) => (
                    <option key={value} value={value}>
                      {t(CATEGORY_LABELS[value])}
                    </option>
                  ))}
                </select>
              </label>
              {field('evidence', L.evidence)}
            </>
          ) : null}
          {kind === 'correct'
            ? (['name', 'address', 'group', 'household'] as const).map((name) => (
                <label key={name}>
                  {t(L[name])}
                  <input value={corrected[name]} onChange={(event) => setCorrected((old) => ({ ...old, [name]: event.target.value }))} data-testid={`correct-${name}`} />
                </label>
              ))
            : null}
        </>
      ) : null}
      <button type="submit" disabled={action.busy} data-testid="decide-submit">
        {t(L.decide)}
      </button>
      <Refusal error={action.error} testId="decide-refusal" />
    </form>
  );
}

export function ObjectionsSection({ summary, version, changed }: SectionProps) {
  const t = useT();
  const communityId = summary.community.id;
  const objections = useLoad<Objection[]>(`${communityPath(communityId)}/objections`, version);
  return (
    <div data-testid="objections">
      <p className="sub">
        {t(L.openObjections)} {summary.objections.open} · {t(L.decidedObjections)} {summary.objections.decided}
        {summary.objections.overdue > 0 ? (
          <span className="badge warn" data-testid="objections-overdue">
            {t(L.overdue)} {summary.objections.overdue}
          </span>
        ) : null}
      </p>
      {objections.error ? <Refusal error={objections.error} /> : null}
      {objections.data && objections.data.length > 0 ? (
        <ul className="pre-objections">
          {objections.data.map((objection) => (
            <li key={objection.id} data-objection={objection.id} data-decision={objection.decision ?? ''}>
              <b>{t(SUBJECT_LABELS[objection.subject])}</b> · {objection.objector} · {t(L.filedOn)} {objection.filedOn} · {t(L.decideBy)}{' '}
              <b>{objection.decideBy}</b>
              <p>{objection.statement}</p>
              {objection.decision ? (
                <p className={objection.decidedLate ? 'warn' : 'message'} data-testid="objection-decided">
                  {t(DECISION_LABELS[objection.decision])} · {objection.decidedOn} · {objection.reason}
                  {objection.decidedLate ? ` · ${t(L.decidedLate)}` : ''}
                </p>
              ) : (
                <DecideForm communityId={communityId} objection={objection} changed={changed} />
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t(L.none)}</p>
      )}
      {summary.publication ? <FileForm communityId={communityId} changed={changed} /> : <p className="sub">{t(L.notPublished)}</p>}
    </div>
  );
}
