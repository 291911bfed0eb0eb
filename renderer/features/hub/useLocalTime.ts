/** Times of the hub's records as the station's clerks read them: the election's zone, the clerk's language. */
import { useTranslation } from 'react-i18next';
import { electionTimeZone, formatLocalDateTime } from '../../../shared/election/localTime';
import { useStation } from '../../station/StationContext';

export function useLocalTime(): (at: string | null | undefined) => string {
  const { i18n } = useTranslation();
  const { view } = useStation();
  const timeZone = electionTimeZone(view.info?.election);
  const language = i18n.language === 'en' ? 'en' : 'zh';
  return (at) => (at ? formatLocalDateTime(at, { timeZone, language, seconds: true }) : '—');
}
