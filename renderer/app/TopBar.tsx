import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_KEY } from '../i18n';
import { useStation } from '../station/StationContext';
import { useDaySaveStatus, usePollingStep } from '../station/usePollingDay';
import { HubIndicator } from '../features/hub/HubIndicator';
import { useHubLink } from '../features/hub/useHubLink';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { DemoBadge, useDemoElection } from '../ui/DemoBadge';

export function TopBar({ showAudit, onToggleAudit }: { showAudit: boolean; onToggleAudit: () => void }) {
  const { t, i18n } = useTranslation();
  const { view, operator, setOperator } = useStation();
  const step = usePollingStep();
  const demo = useDemoElection();
  const saveStatus = useDaySaveStatus();
  const { status: hub } = useHubLink();
  const switchLanguage = () => {
    const next = i18n.language === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem(LANGUAGE_KEY, next);
    void i18n.changeLanguage(next);
  };
  // The window title (Electron shows it) says which station and which step — and 演示 first for the demo.
  const stepText = t(`app.step.${step}`);
  useEffect(() => {
    const title = view.info ? `${view.info.station.name} · ${stepText} · ${t('app.title')}` : `${t('app.title')} · Polling Station`;
    document.title = demo ? `${t('demo.windowTitle')}${title}` : title;
  }, [view.info, stepText, t, demo]);
  const staff = view.setup ? [view.setup.chair, view.setup.chiefScrutineer, ...view.setup.scrutineers, ...view.setup.checkinClerks] : [];
  return (
    <header className="topbar">
      <h1 className={view.info ? 'app-title with-station' : 'app-title'}>{t('app.title')}</h1>
      <DemoBadge />
      {view.info && <span className="station-name" title={view.info.station.name}>{view.info.station.name}</span>}
      <span className="step" data-testid="step" data-step={step}>
        {t(`app.step.${step}`)}
      </span>
      <span className="spacer" />
      {saveStatus.state !== 'saved' && (
        <span className="notice error" role="alert" data-testid="day-save-status" data-state={saveStatus.state}>
          {saveStatus.state === 'retrying' ? t('app.daySave.retrying', { attempt: saveStatus.attempt }) : t('app.daySave.failed', { message: saveStatus.message })}
        </span>
      )}
      <HubIndicator />
      {/* Only the lead (or a station alone) syncs with the district; a desk's records reach it through the hub. */}
      {hub.role !== 'desk' && <SyncIndicator />}
      <label>
        {t('app.operator')}
        <input
          list="staff-names"
          value={operator.clerk === '—' ? '' : operator.clerk}
          placeholder="—"
          onChange={(event) => setOperator({ ...operator, clerk: event.target.value })}
          data-testid="operator"
        />
        <datalist id="staff-names">
          {[...new Set(staff)].map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </label>
      <DeskName />
      <button type="button" onClick={onToggleAudit} aria-pressed={showAudit}>
        {showAudit ? t('app.back') : t('app.auditLog')}
      </button>
      <button type="button" onClick={switchLanguage} lang={i18n.language === 'en' ? 'zh-CN' : 'en'}>
        {t('app.language')}
      </button>
    </header>
  );
}

/**
 * This window's desk (issue 15, item 5): its own name, kept across reloads. A new name is taken
 * on Enter or on leaving the field; one another window holds is refused, said, and the field
 * shows the desk this window still has.
 */
function DeskName() {
  const { t } = useTranslation();
  const { operator, setOperator, renameDesk } = useStation();
  const [draft, setDraft] = useState(operator.desk);
  const [taken, setTaken] = useState<string | null>(null);
  useEffect(() => setDraft(operator.desk), [operator.desk]);
  const commit = () => {
    const name = draft.trim();
    if (name === '' || name === operator.desk) return setDraft(operator.desk);
    if (!renameDesk) return setOperator({ ...operator, desk: name });
    void renameDesk(name).then((ok) => {
      setTaken(ok ? null : name);
      if (!ok) setDraft(operator.desk);
    });
  };
  return (
    <label className="desk-name">
      {t('app.desk')}
      <input
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
          setTaken(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setDraft(operator.desk);
        }}
        onBlur={commit}
        aria-invalid={taken !== null}
        data-testid="desk"
        data-desk={operator.desk}
      />
      {taken !== null && (
        <span className="notice error" role="alert" data-testid="desk-taken">
          {t('app.deskTaken', { desk: taken })}
        </span>
      )}
    </label>
  );
}
