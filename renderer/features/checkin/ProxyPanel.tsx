import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RELATIONSHIPS, type Relationship } from '../../../shared/station/records';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';
import { usePollingStep } from '../../station/usePollingDay';
import type { RollEntry } from '../../station/types';
import { useOutcome } from './useOutcome';
import { VoterPicker } from './VoterPicker';

/** 委托投票: record the written authorisation and issue the entrusting voter's ballot to the holder. */
export function ProxyPanel() {
  const { t } = useTranslation();
  const { view, actions, operator } = useStation();
  const step = usePollingStep();
  const [entrusting, setEntrusting] = useState<RollEntry | null>(null);
  const [holder, setHolder] = useState<RollEntry | null>(null);
  const [formNumber, setFormNumber] = useState('');
  // No default: the clerk records the relationship the form states (RULES §2), never a preset one.
  const [relationship, setRelationship] = useState<Relationship | ''>('');
  const { issues, success, show } = useOutcome();
  const held = holder ? view.proxies.filter((proxy) => proxy.holderVoterId === holder.id).length : 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!entrusting || !holder || relationship === '') return;
    const outcome = await actions.entrust({ entrustingVoterId: entrusting.id, holderVoterId: holder.id, formNumber, relationship }, operator);
    if (show(outcome, () => t('proxy.success', { holder: holder.name, entrusting: entrusting.name }))) {
      setEntrusting(null);
      setFormNumber('');
    }
  };

  return (
    <form className="panel" onSubmit={submit} data-testid="proxy-panel">
      <h2>{t('proxy.title')}</h2>
      <div className="grid2">
        <div>
          <h3>
            {t('proxy.entrusting')}：<span data-testid="proxy-entrusting">{entrusting?.name ?? '—'}</span>
          </h3>
          <VoterPicker onPick={setEntrusting} testId="proxy-entrusting-search" label={t('proxy.entrusting')} />
        </div>
        <div>
          <h3>
            {t('proxy.holder')}：<span data-testid="proxy-holder">{holder?.name ?? '—'}</span>
          </h3>
          <VoterPicker onPick={setHolder} testId="proxy-holder-search" label={t('proxy.holder')} />
          {holder && <p>{t('proxy.held', { name: holder.name, count: held })}</p>}
        </div>
      </div>
      <div className="row">
        <label className="field">
          <span>{t('proxy.formNumber')}</span>
          <input value={formNumber} onChange={(event) => setFormNumber(event.target.value)} data-testid="proxy-form-number" />
        </label>
        <label className="field">
          <span>{t('proxy.relationship')}</span>
          <select value={relationship} onChange={(event) => setRelationship(event.target.value as Relationship | '')} data-testid="proxy-relationship">
            <option value="" disabled>
              {t('proxy.relationshipChoose')}
            </option>
            {RELATIONSHIPS.map((value) => (
              <option key={value} value={value}>
                {t(`proxy.relationships.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn primary" disabled={!entrusting || !holder || relationship === '' || step !== 'open'} data-testid="proxy-record">
          {t('proxy.record')}
        </button>
      </div>
      {success && <p className="notice ok" role="status" data-testid="proxy-ok">{success}</p>}
      <IssueList issues={issues} />
    </form>
  );
}
