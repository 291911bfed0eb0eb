import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../shared/election/issues';
import { checkSetup } from '../../../shared/rules/polling';
import { ballotStockDifferences } from '../../../shared/rules/ballotStock';
import { sortByStroke } from '../../../shared/rules/order';
import type { StationSetup } from '../../../shared/station/records';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';

const splitNames = (text: string) => text.split(/[、,，;；\s]+/).map((name) => name.trim()).filter(Boolean);

/** Step 2: staff, ballot stock, the empty-box check; candidates shown in stroke order. */
export function SetupScreen() {
  const { t } = useTranslation();
  const { view, actions, operator } = useStation();
  const info = view.info;
  const saved = view.setup;
  const [form, setForm] = useState({
    chair: saved?.chair ?? '',
    chiefScrutineer: saved?.chiefScrutineer ?? '',
    scrutineers: saved?.scrutineers.join('、') ?? '',
    callers: saved?.callers.join('、') ?? '',
    recorders: saved?.recorders.join('、') ?? '',
    checkinClerks: saved?.checkinClerks.join('、') ?? '',
    ballotStock: String(saved?.ballotStock ?? ''),
    emptyBoxCheckedBy: saved?.emptyBoxCheckedBy ?? '',
    ballotStockReason: saved?.ballotStockReason ?? '',
  });
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  const reasonInput = useRef<HTMLInputElement>(null);
  if (!info) return null;

  const setup: StationSetup = {
    chair: form.chair.trim(),
    chiefScrutineer: form.chiefScrutineer.trim(),
    scrutineers: splitNames(form.scrutineers),
    callers: splitNames(form.callers),
    recorders: splitNames(form.recorders),
    checkinClerks: splitNames(form.checkinClerks),
    ballotStock: Number(form.ballotStock),
    emptyBoxCheckedBy: form.emptyBoxCheckedBy.trim(),
    emptyBoxCheckedAt: new Date().toISOString(),
    ballotStockReason: form.ballotStockReason.trim() || null,
  };
  const warnings = checkSetup(setup, info.election).warnings;
  // The rules compare the stock with the package's allocation and the electorate; a difference needs a reason.
  const stockDifferences = form.ballotStock.trim() === '' ? [] : ballotStockDifferences({ entered: setup.ballotStock, allocated: info.ballotStock, registered: info.registeredVoters });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await actions.confirmSetup(setup, operator);
    setIssues(outcome.ok ? [] : outcome.issues);
    // The difference panel sits below the fold at 768 px: a refusal for a missing reason takes the clerk there.
    if (!outcome.ok && outcome.issues.some((refusal) => refusal.path[0] === 'ballotStockReason')) reasonInput.current?.focus();
  };
  const field = (key: keyof typeof form, label: string, type = 'text') => (
    <label className="field">
      <span>{label}</span>
      <input type={type} value={form[key]} onChange={(event) => setForm({ ...form, [key]: event.target.value })} data-testid={`setup-${key}`} />
    </label>
  );

  return (
    <form className="panel" onSubmit={submit} data-testid="setup-screen" data-roll={info.registeredVoters === null ? 'reading' : 'read'}>
      <h2>{t('setup.title')}</h2>
      <p>
        <strong>{t('setup.election')}：</strong>
        {info.election.title}　<strong>{t('setup.station')}：</strong>
        {info.station.name}
      </p>
      <Candidates />
      <div className="grid2">
        <div>
          {field('chair', t('setup.chair'))}
          {field('chiefScrutineer', t('setup.chiefScrutineer'))}
          {field('scrutineers', t('setup.scrutineers'))}
          {field('callers', t('setup.callers'))}
        </div>
        <div>
          {field('recorders', t('setup.recorders'))}
          {field('checkinClerks', t('setup.checkinClerks'))}
          {field('ballotStock', t('setup.ballotStock'), 'number')}
          {field('emptyBoxCheckedBy', t('setup.emptyBox'))}
        </div>
      </div>
      {info.registeredVoters === null && (
        <p className="notice" data-testid="setup-roll-reading">
          {t('setup.rollReading')}
        </p>
      )}
      {stockDifferences.length > 0 && (
        <div data-testid="setup-stock-differences">
          <IssueList issues={stockDifferences} tone="warn" title={t('setup.stockDiffers')} />
          <label className="field">
            <span>{t('setup.stockReason')}</span>
            <input
              type="text"
              aria-required="true"
              ref={reasonInput}
              value={form.ballotStockReason}
              onChange={(event) => setForm({ ...form, ballotStockReason: event.target.value })}
              data-testid="setup-ballotStockReason"
            />
          </label>
        </div>
      )}
      <IssueList issues={warnings} tone="warn" title={t('setup.warnings')} />
      <IssueList issues={issues} />
      <div className="row">
        <button type="submit" className="btn primary big" data-testid="setup-confirm">
          {t('setup.confirm')}
        </button>
        <button type="button" className="btn" onClick={() => actions.reprovision(operator)}>
          {t('setup.reprovision')}
        </button>
      </div>
    </form>
  );
}

function Candidates() {
  const { t } = useTranslation();
  const { view } = useStation();
  const positions = useMemo(() => [...(view.info?.election.positions ?? [])].sort((a, b) => a.rank - b.rank), [view.info]);
  return (
    <div className="candidates" data-testid="candidates">
      {positions.map((position) => (
        <div key={position.id} className="panel">
          <h3>
            {position.title}（{t('setup.seats', { count: position.seats })}）
          </h3>
          <ol>
            {sortByStroke(position.candidates, (candidate) => candidate.name).map((candidate) => (
              <li key={candidate.id}>
                {candidate.name}（{candidate.gender === 'F' ? t('setup.female') : t('setup.male')}）
              </li>
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}
