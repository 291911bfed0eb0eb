import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../shared/election/issues';
import { IssueList } from '../../ui/IssueList';
import { useStation } from '../../station/StationContext';

/** 开箱: the main box and each mobile box are counted first; the round's validity is judged at once. */
export function BoxOpeningScreen() {
  const { t } = useTranslation();
  const { view, countActions, operator } = useStation();
  const [mainBox, setMainBox] = useState('');
  const [mobile, setMobile] = useState<Record<string, string>>({});
  const [doubleEntry, setDoubleEntry] = useState(false);
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const mobileBoxes = Object.fromEntries(view.trips.map((trip) => [trip.id, mobile[trip.id] === undefined || mobile[trip.id] === '' ? -1 : Number(mobile[trip.id])]));
    const outcome = await countActions.openBoxes({ mainBox: mainBox === '' ? -1 : Number(mainBox), mobileBoxes, doubleEntry }, operator);
    setIssues(outcome.ok ? [] : outcome.issues);
  };
  return (
    <form className="panel" onSubmit={submit} data-testid="box-opening">
      <h2>{t('count.openingTitle')}</h2>
      <label className="field" style={{ maxWidth: '22rem' }}>
        <span>{t('count.mainBox')}</span>
        <input type="number" min={0} autoFocus value={mainBox} onChange={(event) => setMainBox(event.target.value)} data-testid="box-main" />
      </label>
      {view.trips.map((trip) => {
        const served = [...view.checkins.values()].filter((checkin) => checkin.tripId === trip.id && checkin.status === 'issued').length;
        return (
          <label key={trip.id} className="field" style={{ maxWidth: '22rem' }}>
            <span>{t('count.mobileBox', { id: trip.id, served })}</span>
            <input type="number" min={0} value={mobile[trip.id] ?? ''} onChange={(event) => setMobile({ ...mobile, [trip.id]: event.target.value })} data-testid={`box-${trip.id}`} />
          </label>
        );
      })}
      <label className="field inline">
        <input type="checkbox" checked={doubleEntry} onChange={(event) => setDoubleEntry(event.target.checked)} data-testid="double-entry" />
        <span>{t('count.doubleEntry')}</span>
      </label>
      <IssueList issues={issues} />
      <button type="submit" className="btn primary big" data-testid="confirm-boxes">
        {t('count.confirmBoxes')}
      </button>
    </form>
  );
}
