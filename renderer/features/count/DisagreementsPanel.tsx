import { useTranslation } from 'react-i18next';
import { ballotKey, groupDisagreements, type EnteredBallot } from '../../../shared/rules/doubleEntry';
import type { Entry } from '../../station/countService';
import { useStation } from '../../station/StationContext';

/**
 * Every ballot the two desks read differently, for the 监票人 to settle. Ballots are paired by
 * their number, so papers one desk has not entered (lost when a window closed, or not reached
 * yet) are one gap — one row, settled at once — not a row for every paper after them.
 */
export function DisagreementsPanel() {
  const { t } = useTranslation();
  const { count, countActions, operator } = useStation();
  if (!count) return null;
  const show = (ballot: EnteredBallot | null) => (ballot ? ballotKey(ballot) : t('count.missing'));
  const groups = groupDisagreements(count.disagreements);
  const chosen = (seqs: readonly number[]): Entry | null => {
    const first = count.resolutions.get(seqs[0] as number) ?? null;
    return first !== null && seqs.every((seq) => count.resolutions.get(seq) === first) ? first : null;
  };
  const open = groups.filter((group) => group.disagreements.some((d) => !count.resolutions.has(d.seq))).length;
  const settle = async (seqs: readonly number[], entry: Entry) => {
    for (const seq of seqs) await countActions.resolveDisagreement(seq, entry, operator);
  };
  return (
    <section className="panel" data-testid="disagreements">
      <h2>{t('count.disagreements', { count: open })}</h2>
      <table className="data">
        <tbody>
          {groups.map((group) => {
            const seqs = group.disagreements.map((d) => d.seq);
            const only = group.disagreements[0];
            return (
              <tr key={group.from} data-seq={group.from} data-to={group.to}>
                <td className="num">{group.from === group.to ? group.from : `${group.from}–${group.to}`}</td>
                <td>
                  {group.missing !== null && group.from !== group.to ? (
                    t('ballotStore.gapAtDesk', { entry: group.missing, from: group.from, to: group.to })
                  ) : (
                    <>
                      <code>A: {show(only?.a ?? null)}</code>
                      <br />
                      <code>B: {show(only?.b ?? null)}</code>
                    </>
                  )}
                </td>
                <td>
                  {(['A', 'B'] as const).map((entry) => (
                    <button key={entry} type="button" className={`btn small ${chosen(seqs) === entry ? 'primary' : ''}`} onClick={() => void settle(seqs, entry)}>
                      {entry === 'A' ? t('count.chooseA') : t('count.chooseB')}
                    </button>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
