import './elder';
import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { unstableSetRender } from 'antd-mobile';
import { QueryClientProvider } from '@tanstack/react-query';
import { cityTimeZone, loadCityTimeZone, onCityTimeZone } from '../shared/city-time';
import { initI18n } from '../shared/i18n';
import { createQueryClient } from '../shared/query';
import { App } from './App';
import { prefetchHome } from './pages/Home';
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

/**
 * Times are shown in the city's zone. The first render does not wait for it: the app renders
 * afresh in the rare case the city's zone, once known, is not the one it rendered with (the
 * device's, on a first visit; later visits remember the city's).
 */
function Root() {
  const zone = useSyncExternalStore(onCityTimeZone, cityTimeZone);
  return (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App key={zone} />
      </QueryClientProvider>
    </StrictMode>
  );
}

void loadCityTimeZone();
// The home page's data, briefly awaited so the first render can show it (it was preloaded).
const homeData = window.location.pathname === '/' ? prefetchHome(queryClient) : Promise.resolve();
void Promise.race([homeData, new Promise((resolve) => setTimeout(resolve, 150))]).then(() =>
  createRoot(document.getElementById('root')!).render(<Root />),
);

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => {
      console.warn('service worker registration failed', err);
    });
  });
}
