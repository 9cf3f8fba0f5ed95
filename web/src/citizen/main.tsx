import './elder';
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { unstableSetRender } from 'antd-mobile';
import { QueryClientProvider } from '@tanstack/react-query';
import { loadCityTimeZone } from '../shared/city-time';
import { initI18n } from '../shared/i18n';
import { createQueryClient } from '../shared/query';
import { App } from './App';
import { citizenResources } from './text';
import './styles.css';

initI18n(citizenResources);
const queryClient = createQueryClient();

// antd-mobile's imperative APIs (Toast, Dialog) need to be told how to render on React 19.
unstableSetRender((node, container) => {
  const c = container as Element & { __ywRoot?: Root };
  c.__ywRoot ??= createRoot(c);
  const root = c.__ywRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    delete c.__ywRoot;
  };
});

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

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => {
      console.warn('service worker registration failed', err);
    });
  });
}
