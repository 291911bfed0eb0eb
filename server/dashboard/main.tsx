import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Pages } from './Pages';
import './style.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Pages />
  </StrictMode>,
);
