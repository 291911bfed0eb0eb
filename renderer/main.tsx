/** Renderer entry: open the station (database, machine, bridge), then show the clerk's window. */
import './zodJitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/app.css';
import { createHttpBridge } from './bridge/httpBridge';
import { initI18n, LANGUAGE_KEY } from './i18n';
import { StationProvider } from './station/StationProvider';

const language = localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh-CN';
const i18n = initI18n(language);
const bridge = (window as unknown as { station?: import('../shared/bridge/StationBridge').StationBridge }).station ?? createHttpBridge();
const root = createRoot(document.getElementById('root') as HTMLElement);
root.render(
  <StrictMode>
    <StationProvider bridge={bridge} loadingText={i18n.t('app.loading')}>
      <App />
    </StationProvider>
  </StrictMode>,
);
