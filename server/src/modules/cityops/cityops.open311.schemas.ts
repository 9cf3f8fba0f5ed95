/** Schemas of the console's Open311 API-key routes. */
import { Type } from 'typebox';
import { DateTime, Nullable, Obj, Uuid } from '../../platform/http.ts';

export const Open311Key = Obj(
  {
    id: Uuid(),
    name: Type.String(),
    contact: Type.String(),
    keyPrefix: Type.String({ description: 'The first characters of the key, to tell keys apart' }),
    createdAt: DateTime(),
    revokedAt: Nullable(DateTime()),
    lastUsedAt: Nullable(DateTime()),
  },
  { title: 'Open311Key' },
);

export const NewOpen311Key = Obj(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'Who the key is for: an app, a city system' }),
    contact: Type.String({ minLength: 1, maxLength: 200, description: 'Who to contact about its use' }),
  },
  { title: 'NewOpen311Key' },
);

export const IssuedOpen311Key = Obj(
  {
    ...Open311Key.properties,
    key: Type.String({ description: 'The key itself: shown this once, never again' }),
  },
  { title: 'IssuedOpen311Key' },
);
