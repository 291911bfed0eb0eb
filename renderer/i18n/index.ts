/** i18next with the zh-CN (default) and en catalogues; validation issues come from shared/. */
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { describeIssue, type Locale, type ValidationIssue } from '../../shared/election/issues';
import { en } from './en';
import { zhCN } from './zh-CN';

export const LANGUAGE_KEY = 'station.language';

export function initI18n(language: Locale = 'zh-CN'): typeof i18next {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
      lng: language,
      fallbackLng: 'zh-CN',
      interpolation: { escapeValue: false },
      initAsync: false,
    });
  } else if (i18next.language !== language) {
    void i18next.changeLanguage(language);
  }
  return i18next;
}

export function currentLocale(): Locale {
  return i18next.language === 'en' ? 'en' : 'zh-CN';
}

/** The text of a validation issue in the current language. */
export function useIssueText(): (issue: ValidationIssue) => string {
  const { i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (issue) => describeIssue(issue, locale);
}
