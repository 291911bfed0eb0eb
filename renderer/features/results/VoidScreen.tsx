import { useTranslation } from 'react-i18next';
import { useStation } from '../../station/StationContext';
import { HandoverPanel } from './HandoverPanel';
import { SheetPanel } from './SheetPanel';
import { RoundResult } from './ResultsScreen';

/** 选举无效: the reason, and the round's numbers for the void sheet; nothing is elected. */
export function VoidScreen() {
  const { t } = useTranslation();
  const { count } = useStation();
  const result = count?.results.at(-1);
  return (
    <section data-testid="void-screen">
      <div className="panel notice error">
        <h2>{t('results.voidTitle')}</h2>
        <p data-testid="void-reason" data-reason={result?.voidReason ?? ''}>
          {result?.voidReason ? t(`results.voidReason.${result.voidReason}`) : ''}
        </p>
        <p>{t('results.voidIntro')}</p>
      </div>
      <SheetPanel />
      {/* A void vote hands nothing over, but its records are archived all the same (issue 18). */}
      {count?.sheet && <HandoverPanel handover={false} />}
      {result && <RoundResult result={result} />}
    </section>
  );
}
