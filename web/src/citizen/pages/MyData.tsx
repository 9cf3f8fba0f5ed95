/**
 * 下载我的数据 (/me/data): everything the platform holds about me as one JSON file (account,
 * enterprises, registry records, cases, consents, who read my data, messages) that opens with
 * a summary in both languages; the summary is shown here too once the file is saved.
 */
import { useState } from 'react';
import { Button, List, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { exportMyData } from '../../shared/api/exchange';
import type { PersonalDataExport } from '../../shared/contract';
import { errorMessage } from '../../shared/i18n';
import { RequireSignIn } from '../case-parts';
import { SubPage } from '../components';
import '../rights-text';
import '../rights.css';

export default function MyDataPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('rights.export.title')} testId="my-data-page" backTo="/me">
      <RequireSignIn>
        <MyData />
      </RequireSignIn>
    </SubPage>
  );
}

/** Save the archive as a file, as the server names it. */
function save(archive: PersonalDataExport): string {
  const name = `yiwang-my-data-${archive.generatedAt.slice(0, 10).replaceAll('-', '')}.json`;
  const url = URL.createObjectURL(new Blob([JSON.stringify(archive, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

function MyData() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<string[] | null>(null);

  const download = async () => {
    setBusy(true);
    try {
      const archive = await exportMyData();
      const name = save(archive);
      setSummary(i18n.language === 'en' ? archive.summary.en : archive.summary.zh);
      Toast.show({ icon: 'success', content: t('rights.export.done', { name }) });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="yw-page">
      <div className="yw-card">
        <p>{t('rights.export.intro')}</p>
        <Button
          block
          color="primary"
          size="large"
          loading={busy}
          onClick={() => void download()}
          data-testid="export-download"
        >
          {busy ? t('rights.export.downloading') : t('rights.export.download')}
        </Button>
      </div>
      {summary && (
        <List mode="card" header={t('rights.export.summary')} data-testid="export-summary">
          {summary.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      )}
      <List mode="card">
        <List.Item onClick={() => void navigate('/me/corrections')} data-testid="to-corrections">
          {t('rights.menu.correction')}
        </List.Item>
      </List>
    </div>
  );
}
