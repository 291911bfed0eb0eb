/**
 * The start-up offer of main's journal recovery (docs/ELECTRON.md, "Recovery"): when main has a
 * pending recovery (`--recover-from-journal`), this screen comes before every other one and
 * asks the clerks "restore N check-ins and M ballots from the journal of election X?". On
 * confirmation the records are stored in the station database (restore.ts) and main marks the
 * recovery consumed. A database holding another election is refused, nothing stored.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PendingRecovery, StationBridge } from '../../../shared/bridge/StationBridge';
import { formatLocalDateTime } from '../../../shared/election/localTime';
import type { StationDatabase } from '../../db/database';
import type { RestoreSummary } from '../../db/journalRecovery';
import type { PollingStep } from '../../machine/pollingDay';
import { planRestore, restorePendingRecovery, RestoreRefused, type RestoreRefusal } from './restore';

/** What the screen restores into. */
export interface RecoveryTarget {
  readonly db: StationDatabase;
  /**
   * After the records are stored: move the polling day on to the setup when it is still at the
   * import. Resolves `true` when the page must reload to show the station as restored.
   */
  readonly afterRestore: (summary: RestoreSummary, step: PollingStep) => Promise<boolean>;
}

type State =
  | { readonly at: 'loading' }
  | { readonly at: 'none' }
  | { readonly at: 'unavailable'; readonly message: string }
  | { readonly at: 'offer'; readonly pending: PendingRecovery; readonly refusal: RestoreRefusal | null }
  | { readonly at: 'restoring'; readonly pending: PendingRecovery }
  | { readonly at: 'failed'; readonly pending: PendingRecovery; readonly message: string }
  | { readonly at: 'done'; readonly pending: PendingRecovery; readonly summary: RestoreSummary; readonly reload: boolean }
  | { readonly at: 'dismissed' };

export interface RecoveryGateProps {
  readonly bridge: StationBridge;
  readonly step: PollingStep;
  readonly operator: { readonly clerk: string; readonly desk: string };
  /** The station's database and how the day goes on after the restore (App.tsx). */
  readonly target: () => RecoveryTarget | null;
  /** Default: `window.location.reload()`. */
  readonly reload?: () => void;
  readonly children: ReactNode;
}

export function RecoveryGate({ bridge, step, operator, target, reload = () => window.location.reload(), children }: RecoveryGateProps) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<State>(() => (bridge.pendingRecovery ? { at: 'loading' } : { at: 'none' }));

  useEffect(() => {
    if (!bridge.pendingRecovery) return;
    let live = true;
    (async () => {
      const pending = await bridge.pendingRecovery!();
      if (!pending) return { at: 'none' } as const;
      const where = target();
      if (!where) throw new Error('the station database is not open');
      const plan = await planRestore(where.db, pending);
      return { at: 'offer', pending, refusal: plan.ok ? null : plan.refusal } as const;
    })().then(
      (next) => live && setState(next),
      (error: unknown) => live && setState({ at: 'unavailable', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
    // Once per page: the offer is made at start-up.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge]);

  if (state.at === 'none' || state.at === 'dismissed') return <>{children}</>;
  if (state.at === 'loading') return <p style={{ padding: '2rem' }}>{t('recovery.checking')}</p>;
  if (state.at === 'unavailable') {
    return (
      <>
        <p className="notice error" role="alert" data-testid="recovery-unavailable">
          {t('recovery.unavailable', { message: state.message })}
        </p>
        {children}
      </>
    );
  }

  const { pending } = state;
  const restore = async () => {
    const where = target();
    if (!where) {
      setState({ at: 'failed', pending, message: 'the station database is not open' });
      return;
    }
    setState({ at: 'restoring', pending });
    try {
      let mustReload = false;
      const summary = await restorePendingRecovery(where.db, bridge, pending, {
        now: new Date().toISOString(),
        by: operator,
        afterRestore: async (restored) => {
          mustReload = await where.afterRestore(restored, step);
        },
      });
      setState({ at: 'done', pending, summary, reload: mustReload });
    } catch (error) {
      if (error instanceof RestoreRefused) setState({ at: 'offer', pending, refusal: error.refusal });
      else setState({ at: 'failed', pending, message: error instanceof Error ? error.message : String(error) });
    }
  };

  const election = pending.election;
  const values = {
    checkins: pending.checkins,
    ballots: pending.ballots,
    title: election?.title ?? '—',
    election: election?.id ?? '—',
    station: election?.station ?? '—',
  };
  const refusal = state.at === 'offer' ? state.refusal : null;
  // The refusal in both languages: the clerks may be reading either.
  const refusalText = (lng: 'zh-CN' | 'en') =>
    refusal?.code === 'differentElection'
      ? t('recovery.differentElection', { lng, stored: `${refusal.stored.title} (${refusal.stored.id})`, election: values.election })
      : t('recovery.noPackage', { lng });

  return (
    <section className="panel" data-testid="recovery-screen" data-recovery={pending.id}>
      <h2>{t('recovery.title')}</h2>
      {state.at === 'done' ? (
        <>
          <p className="notice ok" role="status" data-testid="recovery-done">
            {t('recovery.done', { checkins: state.summary.checkins, ballots: pending.ballots, documents: state.summary.ballots })}
          </p>
          <p>{t('recovery.notInJournal')}</p>
          <button type="button" className="btn primary big" data-testid="recovery-continue" onClick={() => (state.reload ? reload() : setState({ at: 'dismissed' }))}>
            {t('recovery.continue')}
          </button>
        </>
      ) : (
        <>
          <p className="big" data-testid="recovery-question">
            {t('recovery.question', values)}
          </p>
          {pending.withdrawals > 0 && <p>{t('recovery.withdrawals', { count: pending.withdrawals })}</p>}
          <p className="muted">{t('recovery.explain', { preparedAt: formatLocalDateTime(pending.preparedAt, { language: i18n.language === 'en' ? 'en' : 'zh' }), journal: pending.journal })}</p>
          {pending.torn && <p className="notice warn">{t('recovery.torn')}</p>}
          {pending.corrupt > 0 && <p className="notice warn">{t('recovery.corrupt', { count: pending.corrupt })}</p>}
          {pending.refused.length > 0 && (
            <div className="notice warn" data-testid="recovery-refused">
              <p>{t('recovery.refused', { count: pending.refused.length })}</p>
              <ul>
                {pending.refused.map((refused) => (
                  <li key={`${refused.kind}:${refused.id}`}>
                    {t(`recovery.refusedReason.${refused.reason}`, { detail: refused.detail })} ({refused.id})
                  </li>
                ))}
              </ul>
            </div>
          )}
          {refusal && (
            <div className="notice error" role="alert" data-testid="recovery-refused">
              <p lang="zh-CN">{refusalText('zh-CN')}</p>
              <p lang="en">{refusalText('en')}</p>
            </div>
          )}
          {state.at === 'failed' && (
            <p className="notice error" role="alert" data-testid="recovery-failed">
              {t('recovery.failed', { message: state.message })}
            </p>
          )}
          <div className="row">
            <button type="button" className="btn primary big" data-testid="recovery-confirm" disabled={state.at === 'restoring' || refusal !== null} onClick={() => void restore()}>
              {state.at === 'restoring' ? t('recovery.restoring') : t('recovery.confirm')}
            </button>
            <button type="button" className="btn" data-testid="recovery-later" disabled={state.at === 'restoring'} onClick={() => setState({ at: 'dismissed' })}>
              {t('recovery.later')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
