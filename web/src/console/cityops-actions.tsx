// The actions on a city event, each in a small dialog asking for what it needs: reassign (another
// department and/or grid), return with a reason, escalate, co-assign departments, accept, a progress
// note, and close with a note and photos. The server decides who may do what; the buttons follow
// the event's `viewer` flags.
import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  acceptEvent,
  closeEvent,
  coAssignEvent,
  escalateEvent,
  noteEvent,
  reassignEvent,
  returnEvent,
  type EventDetail,
} from '../shared/api/cityops';
import { communitiesQuery, communityQuery } from '../shared/api/org';
import { errorMessage } from '../shared/i18n';
import { localName, useDepartments } from './common';
import { PhotoField, type PickedPhoto } from './cityops-parts';

export type ActionKind = 'reassign' | 'return' | 'escalate' | 'coAssign' | 'accept' | 'note' | 'close';

/** The actions the caller may take on the event now. */
export function actionsFor(e: EventDetail): ActionKind[] {
  const live = e.status !== 'closed' && e.status !== 'merged';
  if (!live) return [];
  const out: ActionKind[] = [];
  if (e.viewer.mayDispatch) out.push('reassign', 'escalate', 'coAssign');
  if (e.viewer.mayHandle && (e.status === 'dispatched' || e.status === 'open')) out.push('accept');
  if (e.viewer.mayHandle || e.viewer.mayDispatch) out.push('return');
  if (e.viewer.mayHandle || e.viewer.mayDispatch) out.push('note');
  if (e.viewer.mayClose) out.push('close');
  return out;
}

interface Values {
  note?: string;
  reason?: string;
  departmentId?: string;
  departmentIds?: string[];
  communityId?: string;
  gridId?: string;
}

const trimmed = (s: string | undefined) => (s ?? '').trim();

/** The community's grids, to reassign to one. */
function GridSelect({ communityId }: { communityId: string | undefined }) {
  const { i18n, t } = useTranslation();
  const community = useQuery({ ...communityQuery(communityId ?? ''), enabled: !!communityId });
  return (
    <Form.Item name="gridId" label={t('cityops.actions.grid')}>
      <Select
        allowClear
        disabled={!communityId}
        loading={community.isLoading}
        options={(community.data?.grids ?? []).map((g) => ({ value: g.id, label: localName(g, i18n.language) }))}
        data-testid="action-grid"
      />
    </Form.Item>
  );
}

export function ActionDialog({
  event: e,
  kind,
  onClose,
}: {
  event: Pick<EventDetail, 'id' | 'department'>;
  kind: ActionKind | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const communityId = Form.useWatch('communityId', form);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const departments = useDepartments();
  const communities = useQuery({ ...communitiesQuery({ page: 1, pageSize: 100 }), enabled: kind === 'reassign' });
  const reassign = useMutation(reassignEvent);
  const ret = useMutation(returnEvent);
  const escalate = useMutation(escalateEvent);
  const coAssign = useMutation(coAssignEvent);
  const accept = useMutation(acceptEvent);
  const note = useMutation(noteEvent);
  const close = useMutation(closeEvent);
  const pending = [reassign, ret, escalate, coAssign, accept, note, close].some((m) => m.isPending);
  const departmentOptions = (departments ?? []).map((d) => ({ value: d.id, label: localName(d, lng) }));

  const done = () => {
    void message.success(t('cityops.actions.done', { action: kind ? t(`cityops.actions.${kind}`) : '' }));
    form.resetFields();
    setPhotos([]);
    onClose();
  };
  const failed = (err: unknown) => void message.error(errorMessage(t, err));
  const opts = { onSuccess: done, onError: failed };

  const submit = (v: Values) => {
    const id = e.id;
    const optionalNote = trimmed(v.note) ? { note: trimmed(v.note) } : {};
    switch (kind) {
      case 'reassign':
        return reassign.mutate(
          {
            id,
            body: {
              ...(v.departmentId ? { departmentId: v.departmentId } : {}),
              ...(v.gridId ? { gridId: v.gridId } : {}),
              ...optionalNote,
            },
          },
          opts,
        );
      case 'return':
        return ret.mutate({ id, body: { reason: trimmed(v.reason) } }, opts);
      case 'escalate':
        return escalate.mutate({ id, body: optionalNote }, opts);
      case 'coAssign':
        return coAssign.mutate({ id, body: { departmentIds: v.departmentIds ?? [], ...optionalNote } }, opts);
      case 'accept':
        return accept.mutate({ id, body: optionalNote }, opts);
      case 'note':
        return note.mutate({ id, body: { note: trimmed(v.note), public: true } }, opts);
      case 'close':
        return close.mutate({ id, body: { note: trimmed(v.note), photos: photos.map((p) => p.id) } }, opts);
      default:
        return undefined;
    }
  };

  const noteRequired = kind === 'note' || kind === 'close';
  return (
    <Modal
      open={kind !== null}
      title={kind ? t(`cityops.actions.${kind}`) : ''}
      onCancel={onClose}
      destroyOnHidden
      footer={null}
      data-testid="action-dialog"
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false}>
        {kind === 'reassign' && (
          <>
            <Form.Item name="departmentId" label={t('cityops.actions.department')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={departmentOptions}
                data-testid="action-department"
              />
            </Form.Item>
            <Form.Item name="communityId" label={t('cityops.detail.community')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={(communities.data?.items ?? []).map((c) => ({ value: c.id, label: localName(c, lng) }))}
                data-testid="action-community"
              />
            </Form.Item>
            <GridSelect communityId={communityId} />
          </>
        )}
        {kind === 'coAssign' && (
          <Form.Item
            name="departmentIds"
            label={t('cityops.actions.coDepartments')}
            rules={[{ required: true, message: t('cityops.actions.needDepartment') }]}
          >
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              options={departmentOptions.filter((d) => d.value !== e.department?.id)}
              data-testid="action-departments"
            />
          </Form.Item>
        )}
        {kind === 'return' ? (
          <Form.Item
            name="reason"
            label={t('cityops.actions.reason')}
            rules={[{ required: true, whitespace: true, message: t('cityops.actions.needNote') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="action-reason" />
          </Form.Item>
        ) : (
          kind !== null && (
            <Form.Item
              name="note"
              label={kind === 'close' ? t('cityops.actions.closeNote') : t('cityops.actions.noteLabel')}
              rules={noteRequired ? [{ required: true, whitespace: true, message: t('cityops.actions.needNote') }] : []}
            >
              <Input.TextArea rows={3} maxLength={2000} data-testid="action-note" />
            </Form.Item>
          )
        )}
        {kind === 'close' && (
          <Form.Item label={t('cityops.actions.closePhotos')} extra={t('cityops.actions.photoHint')}>
            <PhotoField value={photos} onChange={setPhotos} testId="action-photo" />
          </Form.Item>
        )}
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('cityops.actions.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={pending} data-testid="action-submit">
            {t('cityops.actions.confirm')}
          </Button>
        </Space>
      </Form>
    </Modal>
  );
}
