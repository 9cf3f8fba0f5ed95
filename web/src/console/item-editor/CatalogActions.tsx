// The catalogue page's editing actions, shown only to admins of the item's department:
// 新建事项 above the table, 编辑 on a row, 编辑 / 停用 in an item's drawer.
import { App as AntApp, Button, Popconfirm, Space, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { retireItem } from '../../shared/api/catalog';
import { useAuth } from '../../shared/auth';
import { lt } from '../../shared/catalog';
import { errorMessage } from '../../shared/i18n';
import type { LocalText } from '../../shared/contract';
import { adminDepartments, canEditDepartment } from './access';

const editPath = (code: string) => `/catalog/${encodeURIComponent(code)}/edit`;

export function NewItemButton() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  if (adminDepartments(me).length === 0) return null;
  return (
    <Button type="primary" onClick={() => void navigate('/catalog/new')} data-testid="new-item">
      {t('editor.catalog.new')}
    </Button>
  );
}

/** 编辑 on a table row (nothing for items of other departments). */
export function EditLink({ code, departmentCode }: { code: string; departmentCode: string }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  if (!canEditDepartment(me, departmentCode)) return null;
  return (
    <Button type="link" size="small" onClick={() => void navigate(editPath(code))} data-testid="edit-item">
      {t('editor.catalog.edit')}
    </Button>
  );
}

/** In an item's drawer: edit or retire the current version, or say why it is read-only. */
export function DrawerActions(props: {
  code: string;
  name: LocalText;
  departmentCode: string;
  current: boolean;
  onRetired: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const retiring = useMutation(retireItem);
  if (!canEditDepartment(me, props.departmentCode)) {
    return <Typography.Paragraph type="secondary">{t('editor.catalog.readOnly')}</Typography.Paragraph>;
  }
  if (!props.current) return null;
  const name = lt(props.name, i18n.language);
  const retire = async () => {
    try {
      await retiring.mutateAsync(props.code);
      void message.success(t('editor.retire.done', { name }));
      props.onRetired();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };
  return (
    <Space style={{ marginBottom: 12 }}>
      <Button type="primary" onClick={() => void navigate(editPath(props.code))} data-testid="drawer-edit">
        {t('editor.catalog.editCurrent')}
      </Button>
      <Popconfirm
        title={t('editor.retire.title')}
        description={<div style={{ maxWidth: 320 }}>{t('editor.retire.content', { name })}</div>}
        okText={t('editor.retire.ok')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, 'data-testid': 'retire-confirm-ok' }}
        onConfirm={retire}
      >
        <Button danger data-testid="drawer-retire">
          {t('editor.catalog.retire')}
        </Button>
      </Popconfirm>
    </Space>
  );
}
