import { List, Radio, Space, Switch } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, currentLanguage, type Language } from '../../shared/i18n';
import { SubPage } from '../components';
import { setElder, useElder } from '../elder';

export default function SettingsPage() {
  const { t } = useTranslation();
  const elder = useElder();
  const lng = currentLanguage();
  return (
    <SubPage title={t('citizen.settings.title')} testId="settings-page">
      <List header={t('common.language')} mode="card">
        <List.Item>
          <Radio.Group value={lng} onChange={(v) => setLanguage(v as Language)}>
            <Space direction="vertical" block>
              {LANGUAGES.map((l) => (
                <Radio key={l} value={l} block data-testid={`lang-${l}`}>
                  <span lang={l}>{t(`common.languageNames.${l}`)}</span>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </List.Item>
      </List>
      <List mode="card">
        <List.Item
          description={t('citizen.settings.elderDesc')}
          extra={
            <Switch
              checked={elder}
              onChange={setElder}
              data-testid="elder-switch"
              aria-label={t('citizen.settings.elder')}
            />
          }
        >
          {t('citizen.settings.elder')}
        </List.Item>
      </List>
      <List header={t('citizen.settings.about')} mode="card">
        <List.Item>{t('citizen.settings.aboutText')}</List.Item>
      </List>
    </SubPage>
  );
}
