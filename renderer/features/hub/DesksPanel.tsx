/**
 * The lead's 设备 panel (issue 16): make this machine the lead and open it on the LAN (host,
 * port), show a pairing code large with its QR, list the paired desks with their last contact
 * and revoke one, and settle the anomalies the hub found (AnomalyList). Escape closes it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issue, type Outcome, type ValidationIssue } from '../../../shared/election/issues';
import type { HubOfferView, HubStatus } from '../../../shared/hub/bridgeTypes';
import { HUB_DEFAULT_PORT, type DeskSummary } from '../../../shared/hub/protocol';
import { useStation } from '../../station/StationContext';
import { IssueList } from '../../ui/IssueList';
import { AnomalyList } from './AnomalyList';
import { useHubLink } from './useHubLink';
import { useLocalTime } from './useLocalTime';

const failure = (error: unknown): ValidationIssue => issue('hub.failed', [], { detail: error instanceof Error ? error.message : String(error) });

export function DesksPanel({ onClose }: { readonly onClose: () => void }) {
  const { t } = useTranslation();
  const { bridge } = useStation();
  const { link, status } = useHubLink();
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  const [busy, setBusy] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.focus(), []);

  /** One call to main: its refusal shown, the status asked again after it. */
  const run = useCallback(
    async <T,>(call: () => Promise<Outcome<T>>): Promise<T | null> => {
      setBusy(true);
      setIssues([]);
      try {
        const outcome = await call();
        if (!outcome.ok) {
          setIssues(outcome.issues);
          return null;
        }
        return outcome.value;
      } catch (error) {
        setIssues([failure(error)]);
        return null;
      } finally {
        await link.refresh().catch(() => undefined);
        setBusy(false);
      }
    },
    [link],
  );

  return (
    <div className="hub-overlay" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <div className="hub-panel panel" role="dialog" aria-modal="true" aria-labelledby="hub-panel-title" tabIndex={-1} ref={panel} data-testid="hub-panel">
        <div className="row hub-panel-head">
          <h2 id="hub-panel-title">{t('hub.title')}</h2>
          <button type="button" className="btn" onClick={onClose} data-testid="hub-close">
            {t('hub.close')}
          </button>
        </div>
        <LanSettings status={status} busy={busy} run={run} />
        <IssueList issues={issues} />
        {status.role === 'lead' && bridge.hubOffer && <PairingOffer run={run} busy={busy} />}
        {status.role === 'lead' && <DeskList desks={status.desks} busy={busy} run={run} />}
        {status.role === 'lead' && <AnomalyList />}
      </div>
    </div>
  );
}

type Run = <T>(call: () => Promise<Outcome<T>>) => Promise<T | null>;

function LanSettings({ status, busy, run }: { readonly status: HubStatus; readonly busy: boolean; readonly run: Run }) {
  const { t } = useTranslation();
  const { bridge } = useStation();
  const lead = status.role === 'lead' ? status : null;
  const [lan, setLan] = useState(lead?.lan.enabled ?? false);
  const [host, setHost] = useState(lead?.lan.enabled ? lead.lan.host : '');
  const [port, setPort] = useState(String(lead?.lan.port ?? HUB_DEFAULT_PORT));
  const [saved, setSaved] = useState(false);
  if (!bridge.hubEnableLead) return null;
  const enable = bridge.hubEnableLead.bind(bridge);
  const submit = async () => {
    setSaved(false);
    const portNumber = Number(port);
    const settings = lan ? { lan, ...(host.trim() ? { host: host.trim() } : {}), ...(Number.isInteger(portNumber) && portNumber > 0 ? { port: portNumber } : {}) } : { lan };
    if ((await run(() => enable(settings))) !== null) setSaved(true);
  };
  return (
    <section className="hub-section" data-testid="hub-lan">
      <p data-testid="hub-role" data-role={status.role}>
        {lead ? t('hub.leadAt', { url: lead.url }) : t('hub.standalone')}
      </p>
      {lead && <p className="muted hub-fingerprint">{t('hub.fingerprint', { fingerprint: lead.fingerprint })}</p>}
      <form
        className="hub-lan-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label className="field inline">
          <input type="checkbox" checked={lan} onChange={(event) => setLan(event.target.checked)} data-testid="hub-lan-enabled" />
          <span>{t('hub.lan')}</span>
        </label>
        {lan && (
          <div className="row">
            <label className="field">
              {t('hub.host')}
              <input value={host} onChange={(event) => setHost(event.target.value)} placeholder="192.168.1.10" data-testid="hub-lan-host" />
            </label>
            <label className="field">
              {t('hub.port')}
              <input value={port} inputMode="numeric" onChange={(event) => setPort(event.target.value)} data-testid="hub-lan-port" />
            </label>
          </div>
        )}
        <button type="submit" className="btn primary" disabled={busy} data-testid="hub-enable">
          {lead ? t('hub.save') : t('hub.enable')}
        </button>
        {saved && <span className="notice ok">{t('hub.saved')}</span>}
      </form>
    </section>
  );
}

function PairingOffer({ busy, run }: { readonly busy: boolean; readonly run: Run }) {
  const { t } = useTranslation();
  const { bridge } = useStation();
  const time = useLocalTime();
  const [offer, setOffer] = useState<HubOfferView | null>(null);
  const show = async () => {
    if (!bridge.hubOffer) return;
    const next = await run(() => (bridge.hubOffer as () => Promise<Outcome<HubOfferView>>)());
    if (next) setOffer(next);
  };
  return (
    <section className="hub-section" data-testid="hub-pairing">
      <h3>{t('hub.pairTitle')}</h3>
      <button type="button" className="btn primary big" disabled={busy} onClick={() => void show()} data-testid="hub-show-code">
        {offer ? t('hub.newCode') : t('hub.showCode')}
      </button>
      {offer && (
        <div className="hub-offer">
          <img className="hub-qr" alt={t('hub.qrAlt')} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(offer.qrSvg)}`} data-testid="hub-qr" />
          <div>
            <p className="muted">{t('hub.code')}</p>
            <p className="hub-code" data-testid="hub-code">
              {offer.code}
            </p>
            <p className="muted">{t('hub.expires', { time: time(offer.expiresAt) })}</p>
            <label className="field">
              {t('hub.offerText')}
              <textarea readOnly value={offer.offerText} rows={3} onFocus={(event) => event.target.select()} data-testid="hub-offer-text" />
            </label>
          </div>
        </div>
      )}
    </section>
  );
}

function DeskList({ desks, busy, run }: { readonly desks: readonly DeskSummary[]; readonly busy: boolean; readonly run: Run }) {
  const { t } = useTranslation();
  const { bridge } = useStation();
  const time = useLocalTime();
  const shown = desks.filter((desk) => desk.role !== 'lead');
  // 撤销 asks once more, in place (a second button, focused), before the desk is cut off.
  const [confirming, setConfirming] = useState<string | null>(null);
  const revoke = (desk: DeskSummary) => {
    if (!bridge.hubRevoke) return;
    const call = bridge.hubRevoke.bind(bridge);
    setConfirming(null);
    void run(() => call(desk.deskId));
  };
  return (
    <section className="hub-section" data-testid="hub-desks">
      <h3>{t('hub.desksTitle')}</h3>
      {shown.length === 0 ? (
        <p className="muted">{t('hub.noDesks')}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t('hub.deskName')}</th>
              <th>{t('hub.deskRole')}</th>
              <th>{t('hub.pairedAt')}</th>
              <th>{t('hub.lastContact')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((desk) => (
              <tr key={desk.deskId} data-testid="hub-desk-row" data-desk={desk.deskName} data-revoked={desk.revokedAt !== null}>
                <td>{desk.deskName}</td>
                <td>{t(`hub.role.${desk.role}`)}</td>
                <td>{time(desk.pairedAt)}</td>
                <td>{desk.lastContact ? time(desk.lastContact) : t('hub.never')}</td>
                <td>
                  {desk.revokedAt ? (
                    t('hub.revokedAt', { time: time(desk.revokedAt) })
                  ) : confirming === desk.deskId ? (
                    <span className="hub-confirm" role="alert">
                      {t('hub.revokeConfirm', { name: desk.deskName })}{' '}
                      <button type="button" className="btn small primary" disabled={busy} onClick={() => revoke(desk)} autoFocus data-testid="hub-revoke-confirm">
                        {t('hub.revoke')}
                      </button>{' '}
                      <button type="button" className="btn small" onClick={() => setConfirming(null)} data-testid="hub-revoke-cancel">
                        {t('hub.cancel')}
                      </button>
                    </span>
                  ) : (
                    <button type="button" className="btn small" disabled={busy} onClick={() => setConfirming(desk.deskId)} data-testid="hub-revoke">
                      {t('hub.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
