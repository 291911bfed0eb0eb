import { useTranslation } from 'react-i18next';
import { groupDisagreements, type EnteredBallot } from '../../../shared/rules/doubleEntry';
import type { Entry } from '../../station/countService';
import { useStation } from '../../station/StationContext';
import { placeInTable, tableOfPlace } from '../../../shared/station/countTables';

const shortPlace = (seq: number): string => (tableOfPlace(seq) === 0 ? String(seq) : `${tableOfPlace(seq)}-${placeInTable(seq)}`);

/**
 * Every ballot the two desks read differently, for the 监票人 to settle. Ballots are paired by
 * their number, so papers one desk has not entered (lost when a window closed, or not reached
 * yet) are one gap — one row, settled at once — not a row for every paper after them.
 */
export function DisagreementsPanel() {
  const { t } = useTranslation();
  const { count, countActions, operator } = useStation();
  if (!count) return null;
  // A reading in people's words: 张三○ 李四× (○ for, × against), 空白票, 无法辨认 — never a code.
  const nameOf = (person: string) => count.context?.nameOf(person) ?? person;
  const titleOf = (positionId: string) => count.context?.positionById.get(positionId)?.title ?? positionId;
  const reading = (ballot: EnteredBallot | null): string => {
    if (!ballot) return t('disagreement.notEntered');
    if (ballot.status === 'blank') return t('disagreement.blank');
    if (ballot.status === 'unreadable') return t('disagreement.unreadable');
    const sections = Object.entries(ballot.marks ?? {})
      .map(([positionId, marks]) => {
        const words = [
          ...(marks.for ?? []).map((person) => `${nameOf(person)}○`),
          ...(marks.against ?? []).map((person) => `${nameOf(person)}×`),
          ...(marks.writeIns ?? []).filter((name) => name.trim() !== '').map((name) => `${name.trim()}○`),
        ];
        return words.length === 0 ? null : { positionId, text: words.join(' ') };
      })
      .filter((section) => section !== null);
    if (sections.length === 0) return t('disagreement.noMarks');
    if (sections.length === 1) return sections[0]!.text;
    return sections.map((section) => `${titleOf(section.positionId)}${t('disagreement.colon')}${section.text}`).join(t('disagreement.sectionSeparator'));
  };
  const sentence = (d: { readonly seq: number; readonly a: EnteredBallot | null; readonly b: EnteredBallot | null }) =>
    t('disagreement.sentence', { seq: shortPlace(d.seq), a: reading(d.a), b: reading(d.b) });
  /** A place as its table numbers it: `30` at the station's own table, `2-30` at count table 2 (countTables.ts). */
  const place = (seq: number) => (tableOfPlace(seq) === 0 ? String(seq) : t('count.placeAt', { table: tableOfPlace(seq), place: placeInTable(seq) }));
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
                <td className="num">{group.from === group.to ? place(group.from) : `${place(group.from)}–${placeInTable(group.to)}`}</td>
                <td>
                  {group.missing !== null && group.from !== group.to ? (
                    t('ballotStore.gapAtDesk', { entry: group.missing, from: shortPlace(group.from), to: shortPlace(group.to) })
                  ) : (
                    <span data-testid="disagreement-sentence">{only ? sentence(only) : ''}</span>
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
