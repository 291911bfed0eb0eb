import { useEffect, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../shared/election/issues';
import { IssueList } from '../../app/IssueList';
import { useStation } from '../../station/StationContext';

/** Step 1: the signed election package from the district; nothing is stored unless all checks pass. */
export function ImportScreen() {
  const { t } = useTranslation();
  const { actions, bridge, operator } = useStation();
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  const [busy, setBusy] = useState(false);
  const [reprovision, setReprovision] = useState(false);
  const [fingerprint, setFingerprint] = useState('');

  useEffect(() => {
    bridge.stationKey().then((key) => setFingerprint(key.fingerprint), () => setFingerprint('—'));
  }, [bridge]);

  const importText = async (text: string) => {
    setBusy(true);
    setIssues([]);
    try {
      const outcome = await actions.importPackage(text, reprovision, operator);
      if (!outcome.ok) setIssues(outcome.issues);
    } finally {
      setBusy(false);
    }
  };
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) await importText(await file.text());
  };

  return (
    <section className="panel" data-testid="import-screen">
      <h2>{t('import.title')}</h2>
      <p>{t('import.intro')}</p>
      <div className="row">
        <label className="btn primary big">
          {t('import.chooseFile')}
          <input type="file" accept=".json,application/json" onChange={onFile} hidden disabled={busy} data-testid="package-file" />
        </label>
        <button type="button" className="btn big" disabled={busy} onClick={async () => importText(await bridge.demoPackage())} data-testid="use-demo">
          {t('import.useDemo')}
        </button>
      </div>
      <label className="field inline">
        <input type="checkbox" checked={reprovision} onChange={(event) => setReprovision(event.target.checked)} data-testid="reprovision" />
        <span>{t('import.reprovision')}</span>
      </label>
      {busy && <p>{t('import.importing')}</p>}
      <IssueList issues={issues} title={t('import.refused')} />
      <p className="muted" data-testid="station-key">{t('import.stationKey', { fingerprint })}</p>
    </section>
  );
}
