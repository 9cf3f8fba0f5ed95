// OIDC claims by name, for 我的应用授权 and the data tracker's app entries (their text loads with this module).
import { useTranslation } from 'react-i18next';
import './superapp-supervision-text';

/** An OIDC claim's name in the interface language. */
export function useClaimLabel(): (claim: string) => string {
  const { t } = useTranslation();
  return (claim) => (t(`appData.claimNames.${claim}`, { defaultValue: '' }) as string) || claim;
}
