import { useTranslation } from 'react-i18next';
import { isDemoPackage } from '../../shared/election/demo';
import { useStation } from '../station/StationContext';

/** Whether the loaded election is the demo's: its package is signed with the published demo key (shared/election/demo.ts). */
export function useDemoElection(): boolean {
  const { view } = useStation();
  return isDemoPackage(view.info);
}

/** 演示, on every screen while the demo election is loaded (the top bar and the projector). */
export function DemoBadge() {
  const { t } = useTranslation();
  const demo = useDemoElection();
  if (!demo) return null;
  return (
    <span className="demo-badge" role="status" title={t('demo.badgeTitle')} data-testid="demo-badge">
      {t('demo.badge')}
    </span>
  );
}
