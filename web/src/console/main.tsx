import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadCityTimeZone } from '../shared/city-time';
import { initI18n } from '../shared/i18n';
import { App } from './App';
import './styles.css';

initI18n();

// Times are shown in the city's zone: know it before the first page shows one.
void loadCityTimeZone().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
