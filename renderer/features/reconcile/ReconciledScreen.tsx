import { useTranslation } from 'react-i18next';
import { useStation } from '../../station/StationContext';

/** The ballot account is settled; the count (issue 4) starts from here. */
export function ReconciledScreen() {
  const { t } = useTranslation();
  const { view } = useStation();
  const record = view.reconciliation;
  return (
    <section className="panel" data-testid="reconciled-screen">
      <h2>{t('reconcile.done')}</h2>
      {record && (
        <p>
          {t('reconcile.summary', {
            issued: record.issued,
            spoiled: record.spoiled,
            unused: record.unused,
            total: record.issued + record.spoiled + record.unused,
            stock: record.stock,
          })}
        </p>
      )}
    </section>
  );
}
