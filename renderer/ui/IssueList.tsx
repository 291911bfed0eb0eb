import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../shared/election/issues';
import { useIssueText } from '../i18n';

/** Issues from the rules, in the clerk's language, as one clear block. */
export function IssueList({ issues, tone = 'error', title }: { issues: readonly ValidationIssue[]; tone?: 'error' | 'warn'; title?: string }) {
  const { t } = useTranslation();
  const text = useIssueText();
  if (issues.length === 0) return null;
  return (
    <div className={`notice ${tone}`} role="alert" data-testid={`issues-${tone}`}>
      <strong>{title ?? t('app.errorTitle')}</strong>
      <ul>
        {issues.map((found, index) => (
          <li key={index} data-code={found.code}>
            {text(found)}
          </li>
        ))}
      </ul>
    </div>
  );
}
