// The server's refusal of a save, as a list: where (in words and as a JSON pointer) and why.
// Each entry leads to the input it is about.
import { Alert, Button, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { catalogueMessage } from '../../shared/i18n';
import type { ServerError } from './model';

/** "申请材料 › 第 1 项 › 名称 › 中文" for ['materials', 0, 'name', 'zh']. */
export function describePath(t: TFunction, path: (string | number)[]): string {
  if (path.length === 0) return t('editor.paths.root');
  return path
    .map((seg, i) => {
      if (typeof seg === 'number') return t('editor.paths.index', { n: seg + 1 });
      // `form` is the application form at the top, a material's form (electronic / paper) below it.
      const key = seg === 'form' && i > 0 ? 'materialForm' : seg;
      return t(`editor.paths.${key}`, { defaultValue: seg });
    })
    .join(' › ');
}

/** A server error's message in the user's language: the error catalogue's, the editor's words for a check, else the server's. */
export function serverErrorMessage(t: TFunction, e: { code: string; message: string }): string {
  return catalogueMessage(e.code) ?? t(`editor.serverErrors.${e.code}`, { defaultValue: e.message });
}

export function ServerErrors(props: {
  title: string;
  errors: ServerError[];
  requestId: string | null;
  onGo: (e: ServerError) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      closable={{ onClose: props.onClose }}
      style={{ marginBottom: 16 }}
      title={props.title}
      data-testid="save-error"
      description={
        <>
          {props.errors.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="server-errors">
              {props.errors.map((e, i) => (
                <li key={i} data-testid="server-error" data-path={e.path}>
                  <Button type="link" size="small" style={{ padding: 0 }} onClick={() => props.onGo(e)}>
                    {describePath(t, e.name)}
                  </Button>
                  {t('common.colon')}
                  {serverErrorMessage(t, e)}{' '}
                  <Typography.Text type="secondary" code>
                    {e.path}
                  </Typography.Text>
                </li>
              ))}
            </ul>
          )}
          {props.requestId && (
            <Typography.Text type="secondary">{t('common.requestId', { id: props.requestId })}</Typography.Text>
          )}
        </>
      }
    />
  );
}
