/**
 * The pre-election pages' language: zh-CN first, English second (a toggle, kept in the browser).
 * Words are `{ zh, en }` pairs (labels.ts); refusals come worded in both from the server.
 */
import { createContext, useContext, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';
export interface Words {
  readonly zh: string;
  readonly en: string;
}

const STORAGE_KEY = 'dashboard.lang';
const LangContext = createContext<{ lang: Lang; setLang: (lang: Lang) => void }>({ lang: 'zh', setLang: () => undefined });

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh'));
  const setLang = (next: Lang) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  };
  return <LangContext.Provider value={{ lang, setLang }}>{children}</LangContext.Provider>;
}

export function useLang(): { lang: Lang; setLang: (lang: Lang) => void } {
  return useContext(LangContext);
}

/** `t(words)` in the chosen language. */
export function useT(): (words: Words) => string {
  const { lang } = useContext(LangContext);
  return (words) => words[lang];
}

export function LangToggle() {
  const { lang, setLang } = useLang();
  return (
    <span className="lang-toggle">
      <button type="button" className={lang === 'zh' ? 'on' : ''} onClick={() => setLang('zh')} data-testid="lang-zh">
        中文
      </button>
      <button type="button" className={lang === 'en' ? 'on' : ''} onClick={() => setLang('en')} data-testid="lang-en">
        English
      </button>
    </span>
  );
}
