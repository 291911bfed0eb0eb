import { useCallback, useEffect, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { issue, type ValidationIssue } from '../../../shared/election/issues';
import { formatBytes, LIMITS } from '../../../shared/election/limits';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';

/** Step 1: the signed election package from the district; nothing is stored unless all checks pass. */
export function ImportScreen() {
  const { t } = useTranslation();
  const { actions, bridge, operator } = useStation();
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  const [busy, setBusy] = useState(false);
  const [reprovision, setReprovision] = useState(false);
  const [fingerprint, setFingerprint] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  // Demo is demo: the demo package is offered only while no real district key is pinned (main
  // knows the pin). Hidden until main has answered, and when it cannot answer.
  const [demoOffered, setDemoOffered] = useState(false);

  useEffect(() => {
    bridge.stationKey().then((key) => setFingerprint(key.fingerprint), () => setFingerprint('—'));
  }, [bridge]);

  // Asked when the screen opens and again after each import attempt (a re-provisioning may pin a real key).
  const askDemo = useCallback(() => {
    if (!bridge.demoAvailable) {
      setDemoOffered(true);
      return;
    }
    bridge.demoAvailable().then(setDemoOffered, () => setDemoOffered(false));
  }, [bridge]);
  useEffect(() => askDemo(), [askDemo]);

  // Every way an import can fail shows here: the checks' issues, or why it could not be done
  // (main unreachable, the file unreadable, the database refusing) — never only in the console.
  const attempt = async (read: () => Promise<string>) => {
    setBusy(true);
    setIssues([]);
    setFailure(null);
    try {
      const outcome = await actions.importPackage(await read(), reprovision, operator);
      if (!outcome.ok) setIssues(outcome.issues);
    } catch (error) {
      setFailure(t('import.failed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
      askDemo();
    }
  };
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    // Too large is refused before it is read or sent (main refuses it too).
    if (file.size > LIMITS.packageBytes) {
      setFailure(null);
      setIssues([issue('input.tooLarge', [], { size: formatBytes(file.size), maximum: formatBytes(LIMITS.packageBytes) })]);
      return;
    }
    await attempt(() => file.text());
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
        {demoOffered && (
          <>
            <button type="button" className="btn big" disabled={busy} onClick={() => attempt(() => bridge.demoPackage('small'))} data-testid="use-demo-small">
              {t('import.useDemoSmall')}
            </button>
            <button type="button" className="btn big" disabled={busy} onClick={() => attempt(() => bridge.demoPackage('full'))} data-testid="use-demo">
              {t('import.useDemo')}
            </button>
          </>
        )}
      </div>
      {demoOffered && <p className="muted" data-testid="demo-choice">{t('import.demoChoice')}</p>}
      <label className="field inline">
        <input type="checkbox" checked={reprovision} onChange={(event) => setReprovision(event.target.checked)} data-testid="reprovision" />
        <span>{t('import.reprovision')}</span>
      </label>
      {busy && <p>{t('import.importing')}</p>}
      <IssueList issues={issues} title={t('import.refused')} />
      {failure && (
        <p className="notice error" role="alert" data-testid="import-failure">
          {failure}
        </p>
      )}
      <p className="muted" data-testid="station-key">{t('import.stationKey', { fingerprint })}</p>
    </section>
  );
}
