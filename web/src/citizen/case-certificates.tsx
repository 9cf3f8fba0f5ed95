/** A completed case's electronic certificates (its result), each linking to the card wallet. */
import { List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { caseCertificatesQuery } from '../shared/api/credentials';
import { addText } from '../shared/i18n';
import { credentialsText } from '../shared/text-credentials';

addText('credentials', credentialsText);

export function CaseCertificates({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const query = useQuery(caseCertificatesQuery(caseId));
  const items = query.data ?? [];
  if (items.length === 0) return null;
  return (
    <List header={t('credentials.ofCase')} data-testid="case-certificates">
      {items.map((c) => (
        <List.Item
          key={c.id}
          onClick={() => void navigate(`/wallet/${c.id}`)}
          description={c.number}
          extra={<Tag>{t(`credentials.status.${c.status}`)}</Tag>}
          data-testid="case-certificate"
        >
          {i18n.language.startsWith('zh') ? c.name.zh : c.name.en} · {t('credentials.openWallet')}
        </List.Item>
      ))}
    </List>
  );
}
