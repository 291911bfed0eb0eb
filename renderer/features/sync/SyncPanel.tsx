/**
 * The sync panel (opened from the indicator): the district server's address (the package's by
 * default; one entered here, kept in localStorage for this election, overrides it), the state
 * in words, "sync now", and "export data file" — the signed bundle for a station with no network.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issue, ValidationError, type ValidationIssue } from '../../../shared/election/issues';
import { exportBundle } from '../../db/replication/bundle';
import { useIssueText } from '../../i18n';
import { useStation } from '../../station/StationContext';
import { formatSyncTime, syncProgress } from './format';
import type { StationSyncView } from './useStationSync';

type ExportState = { readonly kind: 'idle' } | { readonly kind: 'busy' } | { readonly kind: 'done'; readonly file: string } | { readonly kind: 'failed'; readonly issue: ValidationIssue };

export function SyncPanel({ view, onClose }: { readonly view: StationSyncView; readonly onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const issueText = useIssueText();
  const { bridge } = useStation();
  // The entered address that applies: one entered for an earlier election does not count (nor is
  // it offered again) over the package's.
  const entered = view.packageServerUrl === null || view.serverOverridden ? view.enteredServerUrl : '';
  const [draft, setDraft] = useState(entered);
  const [badUrl, setBadUrl] = useState<string | null>(null);
  const [exporting, setExporting] = useState<ExportState>({ kind: 'idle' });
  const state = view.state;
  // The station's full public key: the district enrols the station with it (server/README.md).
  const [publicKey, setPublicKey] = useState<{ key: string; fingerprint: string } | null>(null);
  const [keyFile, setKeyFile] = useState<string | null>(null);
  useEffect(() => {
    bridge.stationKey().then((key) => setPublicKey({ key: key.publicKey, fingerprint: key.fingerprint }), () => setPublicKey(null));
  }, [bridge]);

  const exportKey = () => {
    if (!publicKey) return;
    const file = `station-key-${publicKey.fingerprint.replace(/[^0-9A-Za-z]+/g, '')}.pub`;
    const url = URL.createObjectURL(new Blob([`${publicKey.key}\n`], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file;
    link.click();
    URL.revokeObjectURL(url);
    setKeyFile(file);
  };

  const save = () => {
    if (view.setServerUrl(draft)) setBadUrl(null);
    else setBadUrl(draft);
  };

  const backToPackageServer = () => {
    view.setServerUrl('');
    setDraft('');
    setBadUrl(null);
  };

  const runExport = async () => {
    setExporting({ kind: 'busy' });
    try {
      const { fileName } = await exportBundle(view.db, bridge);
      setExporting({ kind: 'done', file: fileName });
    } catch (error) {
      const found = error instanceof ValidationError ? error.issues[0] : undefined;
      setExporting({ kind: 'failed', issue: found ?? issue('sync.localWriteFailed', [], { detail: error instanceof Error ? error.message : String(error) }) });
    }
  };

  const progress = state ? syncProgress(state) : { sent: 0, total: 0 };
  return (
    <div className="sync-panel" role="dialog" aria-label={t('sync.title')} data-testid="sync-panel">
      <h2>{t('sync.title')}</h2>

      <label htmlFor="sync-server">
        {t('sync.server')} {view.serverFromPackage && <span className="muted">{t('sync.serverFromPackage')}</span>}
        {view.serverOverridden && <span className="muted">{t('sync.serverEntered')}</span>}
      </label>
      {view.serverUrl !== '' && <p data-testid="sync-server">{view.serverUrl}</p>}
      {view.packageServerUrl !== null && view.serverOverridden && (
        <p className="muted" data-testid="sync-package-server">
          {t('sync.packageServer', { url: view.packageServerUrl })}{' '}
          <button type="button" className="btn small" onClick={backToPackageServer} data-testid="sync-use-package-server">
            {t('sync.usePackageServer')}
          </button>
        </p>
      )}
      <div className="sync-server">
        <input
          id="sync-server"
          type="url"
          value={draft}
          placeholder={view.packageServerUrl ?? t('sync.serverPlaceholder')}
          aria-label={view.packageServerUrl !== null ? t('sync.serverOverride') : t('sync.server')}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => event.key === 'Enter' && save()}
          data-testid="sync-server-input"
        />
        <button type="button" className="btn small" onClick={save} disabled={draft.trim() === entered}>
          {t('sync.save')}
        </button>
      </div>
      {badUrl !== null && <p className="notice error">{issueText(issue('sync.badServerUrl', [], { url: badUrl }))}</p>}

      {view.missing === 'election' && <p className="notice warn">{t('sync.noElection')}</p>}
      {view.missing === 'server' && <p className="notice warn">{t('sync.noServer')}</p>}

      {state && (
        <div data-testid="sync-state" data-status={state.status}>
          <p>
            <strong>{t(`sync.status.${state.status}`)}</strong>
            {state.pending > 0 && <> · {t('sync.pending', { count: state.pending })}</>}
          </p>
          {state.status === 'syncing' && progress.total > 0 && (
            <>
              <progress max={progress.total} value={progress.sent} />
              <p className="muted">{t('sync.progress', progress)}</p>
            </>
          )}
          {state.error && <p className="notice error" data-testid="sync-error">{issueText(state.error)}</p>}
          <p className="muted">{state.lastSyncedAt ? t('sync.lastSynced', { time: formatSyncTime(state.lastSyncedAt, i18n.language, view.timeZone) }) : t('sync.never')}</p>
          {state.conflictCount > 0 && (
            <div className="notice warn" data-testid="sync-conflicts">
              {t('sync.conflicts', { count: state.conflictCount })}
              <ul>
                {state.conflicts.slice(0, 5).map((conflict) => (
                  <li key={`${conflict.collection}:${conflict.id}:${conflict.at}`}>
                    {issueText(issue(conflict.kept === 'district' ? 'sync.conflictDistrictKept' : 'sync.conflictStationKept', [], { collection: conflict.collection, id: conflict.id }))}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {state.results.map((result) => (
            <p key={`${result.round ?? '?'}:${result.status}`}>
              {t('sync.results', { round: result.round ?? '?', status: t(`sync.resultStatus.${result.status}`, { defaultValue: result.status }) })}
            </p>
          ))}
        </div>
      )}

      <div className="sync-actions">
        <button type="button" className="btn small primary" onClick={() => view.sync?.syncNow()} disabled={!view.sync} data-testid="sync-now">
          {t('sync.syncNow')}
        </button>
        <button type="button" className="btn small" onClick={() => void runExport()} disabled={view.missing === 'election' || exporting.kind === 'busy'} data-testid="sync-export">
          {exporting.kind === 'busy' ? t('sync.exporting') : t('sync.exportBundle')}
        </button>
        <button type="button" className="btn small" onClick={onClose}>
          {t('sync.close')}
        </button>
      </div>
      <p className="muted">{t('sync.exportHint')}</p>
      {publicKey && (
        <div className="sync-key">
          <p className="muted">{t('sync.stationKey')}</p>
          <code data-testid="station-public-key">{publicKey.key}</code>{' '}
          <button type="button" className="btn small" onClick={exportKey} data-testid="station-key-export">
            {t('sync.exportKey')}
          </button>
          {keyFile !== null && <p className="notice ok">{t('sync.keyExported', { file: keyFile })}</p>}
        </div>
      )}
      {exporting.kind === 'done' && <p className="notice ok" data-testid="sync-exported">{t('sync.exported', { file: exporting.file })}</p>}
      {exporting.kind === 'failed' && <p className="notice error">{issueText(exporting.issue)}</p>}
    </div>
  );
}
