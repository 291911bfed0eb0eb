import { useTranslation } from 'react-i18next';
import { ballotKey, type EnteredBallot } from '../../../shared/rules/doubleEntry';
import { useStation } from '../../station/StationContext';

/** Every ballot the two desks read differently, for the 监票人 to settle. */
export function DisagreementsPanel() {
  const { t } = useTranslation();
  const { count, countActions, operator } = useStation();
  if (!count) return null;
  const show = (ballot: EnteredBallot | null) => (ballot ? ballotKey(ballot) : t('count.missing'));
  const open = count.disagreements.filter((d) => !count.resolutions.has(d.seq)).length;
  return (
    <section className="panel" data-testid="disagreements">
      <h2>{t('count.disagreements', { count: open })}</h2>
      <table className="data">
        <tbody>
          {count.disagreements.map((disagreement) => (
            <tr key={disagreement.seq} data-seq={disagreement.seq}>
              <td className="num">{disagreement.seq}</td>
              <td>
                <code>A: {show(disagreement.a)}</code>
                <br />
                <code>B: {show(disagreement.b)}</code>
              </td>
              <td>
                {(['A', 'B'] as const).map((entry) => (
                  <button
                    key={entry}
                    type="button"
                    className={`btn small ${count.resolutions.get(disagreement.seq) === entry ? 'primary' : ''}`}
                    onClick={() => countActions.resolveDisagreement(disagreement.seq, entry, operator)}
                  >
                    {entry === 'A' ? t('count.chooseA') : t('count.chooseB')}
                  </button>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
