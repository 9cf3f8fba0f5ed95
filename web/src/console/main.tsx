import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { loadCityTimeZone } from '../shared/city-time';
import { initI18n } from '../shared/i18n';
import { createQueryClient } from '../shared/query';
import { App } from './App';
import { prefetchScreen } from './screen/prefetch';
import { consoleResources } from './text';
import './styles.css';

initI18n(consoleResources);
const queryClient = createQueryClient();
prefetchScreen(queryClient, location.pathname);

// Times are shown in the city's zone: know it before the first page shows one.
void loadCityTimeZone().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  ),
);
