import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { electionRules } from '../../../shared/election/profile';
import type { MobileTripRecord } from '../../../shared/station/records';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';
import { usePollingStep } from '../../station/usePollingDay';
import { useOutcome } from './useOutcome';
import { VoterPicker } from './VoterPicker';

const splitNames = (text: string) => text.split(/[、,，;；\s]+/).map((name) => name.trim()).filter(Boolean);

/** 流动票箱: the box leaves with ballots and staff, voters it serves are checked in, it returns. */
export function TripsPanel() {
  const { t } = useTranslation();
  const { view, actions, operator } = useStation();
  const step = usePollingStep();
  const [ballotsOut, setBallotsOut] = useState('');
  const [staff, setStaff] = useState('');
  const { issues, success, show } = useOutcome();
  const minStaff = view.info ? electionRules(view.info.election).mobileBoxStaff : 3;

  const depart = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await actions.departTrip({ ballotsOut: Number(ballotsOut), staff: splitNames(staff) }, operator);
    if (show(outcome, () => t('trip.depart'))) {
      setBallotsOut('');
      setStaff('');
    }
  };

  return (
    <section className="panel" data-testid="trips-panel">
      <h2>{t('trip.title')}</h2>
      <form className="row" onSubmit={depart}>
        <label className="field">
          <span>{t('trip.ballotsOut')}</span>
          <input type="number" min={1} value={ballotsOut} onChange={(event) => setBallotsOut(event.target.value)} data-testid="trip-ballots-out" />
        </label>
        <label className="field" style={{ flex: 1 }}>
          <span>{t('trip.staff', { min: minStaff })}</span>
          <input value={staff} onChange={(event) => setStaff(event.target.value)} data-testid="trip-staff" />
        </label>
        <button type="submit" className="btn primary" disabled={step !== 'open'} data-testid="trip-depart">
          {t('trip.depart')}
        </button>
      </form>
      {success && <p className="notice ok" role="status">{success}</p>}
      <IssueList issues={issues} />
      {view.trips.length === 0 && <p>{t('trip.none')}</p>}
      {view.trips.map((trip) => (
        <Trip key={trip.id} trip={trip} />
      ))}
    </section>
  );
}

function Trip({ trip }: { trip: MobileTripRecord }) {
  const { t } = useTranslation();
  const { view, actions, operator } = useStation();
  const [ballotsBack, setBallotsBack] = useState('');
  const { issues, success, show } = useOutcome();
  const served = [...view.checkins.values()].filter((checkin) => checkin.tripId === trip.id && checkin.status === 'issued');

  return (
    <div className="panel" data-testid="trip" data-trip-id={trip.id}>
      <h3>
        {trip.id} · {trip.staff.join('、')} · {t('trip.ballotsOut')} {trip.ballotsOut} ·{' '}
        <span className={`badge ${trip.status === 'out' ? 'out' : 'done'}`}>{t(`trip.${trip.status}`)}</span> · {t('trip.served', { count: served.length })}
        {trip.status === 'returned' && ` · ${t('trip.ballotsBack')} ${trip.ballotsBack}`}
      </h3>
      {trip.status === 'out' && (
        <>
          <VoterPicker
            testId="trip-serve"
            label={t('trip.serve')}
            onPick={async (voter) => {
              show(await actions.serveByTrip(trip.id, voter.id, operator), () => t('checkin.success', { name: voter.name }));
            }}
          />
          <form
            className="row"
            onSubmit={async (event) => {
              event.preventDefault();
              show(await actions.returnTrip(trip.id, Number(ballotsBack), operator), () => t('trip.return'));
            }}
          >
            <label className="field">
              <span>{t('trip.ballotsBack')}</span>
              <input type="number" min={0} value={ballotsBack} onChange={(event) => setBallotsBack(event.target.value)} data-testid="trip-ballots-back" />
            </label>
            <button type="submit" className="btn" data-testid="trip-return">
              {t('trip.return')}
            </button>
          </form>
        </>
      )}
      {success && <p className="notice ok" role="status">{success}</p>}
      <IssueList issues={issues} />
    </div>
  );
}
