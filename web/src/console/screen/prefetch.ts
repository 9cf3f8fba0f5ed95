// The city screen is often opened straight from its address (a wall display, a bookmark). Then the
// shell's own requests (the city's zone, who is signed in) would come first, and only after them
// the screen's code and its figures: a waterfall of five round trips. Started at boot instead,
// the screen's code and data load beside the shell's, and the page draws as soon as both are in.
import type { QueryClient } from '@tanstack/react-query';
import { SCREEN_DAYS, screenQuery } from '../../shared/api/cityops-screen';
import { communitiesQuery, sensorsQuery } from './map-data';

export function prefetchScreen(queryClient: QueryClient, pathname: string): void {
  if (!/^\/console\/screen\/?$/.test(pathname)) return;
  void import('../pages/CityScreen');
  void queryClient.prefetchQuery(screenQuery(SCREEN_DAYS));
  void queryClient.prefetchQuery(communitiesQuery);
  void queryClient.prefetchQuery(sensorsQuery);
}
