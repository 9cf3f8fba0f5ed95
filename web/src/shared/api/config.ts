/** The public configuration every page may read, signed in or not (GET /api/config). */
import { call, client } from '../client';

export const getConfig = () => call(() => client.GET('/api/config'));
