// The lengths and formats the catalogue's schemas allow, as the item editor checks them before saving.
/** Limits of the server's schema (catalog.schemas.ts), checked before sending. */
export const LIMITS = {
  code: /^[0-9A-Za-z_-]{1,64}$/,
  fieldKey: /^[a-z][a-z0-9_]{0,63}$/,
  text: 500,
  longText: 4000,
  listEntry: 200,
  basis: 500,
  phone: 40,
} as const;
