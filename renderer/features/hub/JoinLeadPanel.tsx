/**
 * 加入主机 on a fresh machine's import screen (issue 16): paste the lead's QR text, or type the
 * hub's address and the code, name this desk and choose its role (发票台 / 录入台) → main pairs
 * (`bridge.hubPair`: a new desk key, the lead's certificate pinned) and hands back the lead's
 * package, which is imported through the normal, checked import. The desk then follows the
 * lead's day as the hub replicates it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issue, type ValidationIssue } from '../../../shared/election/issues';
import type { HubPairRequest } from '../../../shared/hub/bridgeTypes';
import { normalizePairingCode, type DeskRole } from '../../../shared/hub/protocol';
import { useStation } from '../../station/StationContext';
import { hubLinkFor } from '../../station/hubLink';
import { IssueList } from '../../ui/IssueList';
import './hub.css';

type DeskKind = Exclude<DeskRole, 'lead'>;

export function JoinLeadPanel() {
  const { t } = useTranslation();
  const { bridge, actions, operator, setOperator, renameDesk } = useStation();
  const [offerText, setOfferText] = useState('');
  const [hub, setHub] = useState('');
  const [code, setCode] = useState('');
  const [deskName, setDeskName] = useState('');
  const [role, setRole] = useState<DeskKind>('checkin');
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  if (!bridge.hubPair) return null;
  const pair = bridge.hubPair.bind(bridge);

  const join = async () => {
    setBusy(true);
    setIssues([]);
    try {
      const request: HubPairRequest =
        offerText.trim() !== ''
          ? { offerText: offerText.trim(), deskName: deskName.trim(), role }
          : { hub: hub.trim(), code: normalizePairingCode(code), deskName: deskName.trim(), role };
      const paired = await pair(request);
      if (!paired.ok) return setIssues(paired.issues);
      // This machine is a desk from now on: the import logs itself and the day follows the lead.
      await hubLinkFor(bridge).refresh();
      // The window takes the desk's name: the hub's refusals and the records name the desk by it.
      const desk = paired.value.desk.deskName;
      if (!renameDesk || !(await renameDesk(desk))) setOperator({ ...operator, desk });
      const imported = await actions.importPackage(paired.value.packageText, false, { ...operator, desk });
      if (!imported.ok) setIssues(imported.issues);
    } catch (error) {
      setIssues([issue('hub.failed', [], { detail: error instanceof Error ? error.message : String(error) })]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel hub-join" data-testid="hub-join">
      <h2>{t('hub.join.title')}</h2>
      <p>{t('hub.join.intro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void join();
        }}
      >
        <label className="field">
          {t('hub.join.offerText')}
          <textarea value={offerText} rows={2} onChange={(event) => setOfferText(event.target.value)} placeholder="PSHUB1:…" data-testid="hub-join-offer" />
        </label>
        <p className="muted">{t('hub.join.or')}</p>
        <div className="row">
          <label className="field">
            {t('hub.join.hub')}
            <input value={hub} onChange={(event) => setHub(event.target.value)} disabled={offerText.trim() !== ''} data-testid="hub-join-address" />
          </label>
          <label className="field">
            {t('hub.join.code')}
            <input
              className="hub-code-input"
              value={code}
              onChange={(event) => setCode(event.target.value.toUpperCase())}
              disabled={offerText.trim() !== ''}
              autoComplete="off"
              spellCheck={false}
              data-testid="hub-join-code"
            />
          </label>
        </div>
        <div className="row">
          <label className="field">
            {t('hub.join.deskName')}
            <input value={deskName} maxLength={40} required onChange={(event) => setDeskName(event.target.value)} data-testid="hub-join-name" />
          </label>
          <fieldset className="field">
            <legend>{t('hub.join.role')}</legend>
            {(['checkin', 'count'] as const).map((value) => (
              <label key={value} className="field inline">
                <input type="radio" name="hub-join-role" value={value} checked={role === value} onChange={() => setRole(value)} data-testid={`hub-join-role-${value}`} />
                <span>{t(`hub.role.${value}`)}</span>
              </label>
            ))}
          </fieldset>
        </div>
        <button type="submit" className="btn primary big" disabled={busy} data-testid="hub-join-submit">
          {t('hub.join.submit')}
        </button>
        {busy && <p>{t('hub.join.joining')}</p>}
      </form>
      <IssueList issues={issues} title={t('hub.join.failed', { message: '' })} />
    </section>
  );
}
