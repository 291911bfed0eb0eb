import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';
import { usePollingStep } from '../../station/usePollingDay';
import type { RollEntry } from '../../station/types';
import { useOutcome } from './useOutcome';
import { VoterPicker } from './VoterPicker';

/** 写错换票 and undo of a mistaken check-in: both need the voter and a reason, both are audited. */
export function CorrectionsPanel() {
  const { t } = useTranslation();
  const { actions, operator } = useStation();
  return (
    <div className="grid2">
      <Correction
        testId="spoiled"
        title={t('spoiled.title')}
        reasonLabel={t('spoiled.reason')}
        defaultReason={t('spoiled.defaultReason')}
        submitLabel={t('spoiled.record')}
        run={async (voter, reason, show) => show(await actions.replaceSpoiled(voter.id, reason, operator), () => t('spoiled.success', { name: voter.name }))}
      />
      <Correction
        testId="undo"
        title={t('undo.title')}
        reasonLabel={t('undo.reason')}
        defaultReason=""
        submitLabel={t('undo.record')}
        run={async (voter, reason, show) => show(await actions.undoCheckin(voter.id, reason, operator), () => t('undo.success', { name: voter.name }))}
      />
    </div>
  );
}

type Show = ReturnType<typeof useOutcome>['show'];

function Correction(props: {
  testId: string;
  title: string;
  reasonLabel: string;
  defaultReason: string;
  submitLabel: string;
  run: (voter: RollEntry, reason: string, show: Show) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const step = usePollingStep();
  const [voter, setVoter] = useState<RollEntry | null>(null);
  const [reason, setReason] = useState(props.defaultReason);
  const { issues, success, show } = useOutcome();
  return (
    <section className="panel" data-testid={`${props.testId}-panel`}>
      <h2>{props.title}</h2>
      <h3>
        {t('checkin.voter')}：<span data-testid={`${props.testId}-voter`}>{voter?.name ?? '—'}</span>
      </h3>
      <VoterPicker onPick={setVoter} testId={`${props.testId}-search`} />
      <label className="field">
        <span>{props.reasonLabel}</span>
        <input value={reason} onChange={(event) => setReason(event.target.value)} data-testid={`${props.testId}-reason`} />
      </label>
      <button
        type="button"
        className="btn primary"
        disabled={!voter || step !== 'open'}
        onClick={async () => {
          if (voter && (await props.run(voter, reason, show))) {
            setVoter(null);
            setReason(props.defaultReason);
          }
        }}
        data-testid={`${props.testId}-record`}
      >
        {props.submitLabel}
      </button>
      {success && <p className="notice ok" role="status" data-testid={`${props.testId}-ok`}>{success}</p>}
      <IssueList issues={issues} />
    </section>
  );
}
