// The service-item editor (事项编辑): a department admin creates an item of their department
// or edits one; each save publishes a new version (PUT /api/catalog/items/:code), cases
// already filed keep the version they were filed under. Routes: /catalog/new and
// /catalog/:code/edit.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { App as AntApp, Alert, Badge, Button, Card, Form, Result, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getItem, getItems, itemQuery, publishItem, retireItem, versionsQuery } from '../../shared/api/catalog';
import { departmentsQuery } from '../../shared/api/org';
import { useAuth } from '../../shared/auth';
import { lt, useDepartmentName } from '../../shared/catalog';
import { ApiError } from '../../shared/client';
import type { Department, ItemSummary, ServiceItemData } from '../../shared/contract';
import { errorMessage } from '../../shared/i18n';
import { Loading } from '../common';
import { adminDepartments, canEditDepartment, type CatalogReturnState } from '../item-editor/access';
import { BasicTab } from '../item-editor/BasicTab';
import { FaqTab } from '../item-editor/FaqTab';
import { FormDesigner } from '../item-editor/FormDesigner';
import { HandlingTab } from '../item-editor/HandlingTab';
import { JsonTab } from '../item-editor/JsonTab';
import { MaterialsTable } from '../item-editor/MaterialsTable';
import {
  deriveCodes,
  editValues,
  formProblems,
  fromValues,
  newItemValues,
  pointerToPath,
  tabOf,
  toValues,
  type CodeContext,
  type EditorValues,
  type ServerError,
  type TabKey,
} from '../item-editor/model';
import { serverErrorMessage, ServerErrors } from '../item-editor/ServerErrors';
import '../editor-text';

export default function ItemEditorPage() {
  const { code } = useParams();
  return code ? <EditItem code={code} /> : <NewItem />;
}

function Denied({ text }: { text: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={text}
      extra={
        <Button type="primary" onClick={() => void navigate('/catalog')}>
          {t('editor.backToCatalog')}
        </Button>
      }
      data-testid="editor-denied"
    />
  );
}

function LoadFailed({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Result
      status={notFound ? '404' : 'error'}
      title={notFound ? t('editor.notFound') : errorMessage(t, error)}
      extra={[
        !notFound && (
          <Button key="retry" onClick={retry}>
            {t('common.retry')}
          </Button>
        ),
        <Button key="back" type="primary" onClick={() => void navigate('/catalog')}>
          {t('editor.backToCatalog')}
        </Button>,
      ]}
    />
  );
}

function EditItem({ code }: { code: string }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const detail = useQuery(itemQuery(code));
  const versions = useQuery(versionsQuery(code));
  const error = detail.error ?? versions.error;
  if (error)
    return (
      <LoadFailed
        error={error}
        retry={() => {
          void detail.refetch();
          void versions.refetch();
        }}
      />
    );
  if (!detail.data || !versions.data) return <Loading />;
  if (!canEditDepartment(me, detail.data.item.departmentCode)) return <Denied text={t('editor.notYourDepartment')} />;
  const last = Math.max(detail.data.version, ...versions.data.items.map((v) => v.version));
  return (
    <Editor
      key={`${code}:${last}`}
      mode="edit"
      initial={editValues(detail.data)}
      currentVersion={detail.data.version}
      nextVersion={last + 1}
      codeContext={null}
    />
  );
}

/** The department's current items, with their full data: where a new item's codes come from. */
async function loadCodeContext(
  departments: Department[],
  departmentCode: string,
  signal: AbortSignal,
): Promise<CodeContext> {
  const index = departments.findIndex((d) => d.code === departmentCode);
  const department = departments[index];
  if (!department) throw new ApiError({ status: 404, code: 'NOT_FOUND', message: `No department ${departmentCode}` });
  const summaries: ItemSummary[] = [];
  for (let page = 1; page <= 10; page++) {
    const res = await getItems({ department: departmentCode, page, pageSize: 100 }, signal);
    summaries.push(...res.items);
    if (res.items.length === 0 || summaries.length >= res.total) break;
  }
  const siblings = await Promise.all(summaries.map((s) => getItem(s.code, null, signal).then((d) => d.item)));
  return {
    department: {
      code: department.code,
      name: department.name,
      nameEn: department.nameEn,
      regionCode: department.regionCode,
      ordinal: index + 1,
    },
    siblings,
  };
}

function NewItem() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const departmentName = useDepartmentName(i18n.language);
  const mine = adminDepartments(me);
  const [department, setDepartment] = useState<string | undefined>(mine[0]);
  const queries = useQueryClient();
  const context = useQuery({
    queryKey: ['catalog', 'code-context', department],
    queryFn: async ({ signal }) =>
      loadCodeContext(await queries.fetchQuery(departmentsQuery()), department ?? '', signal),
    enabled: department !== undefined,
    // The new item's codes are derived once, when the editor opens.
    staleTime: Infinity,
    gcTime: 0,
  });
  if (!department) return <Denied text={t('editor.notAdmin')} />;
  if (context.error) return <LoadFailed error={context.error} retry={() => void context.refetch()} />;
  if (!context.data) return <Loading />;
  // An admin of several departments chooses which one the item belongs to (the form starts over).
  const chooser =
    mine.length > 1 ? (
      <Select
        value={department}
        onChange={setDepartment}
        options={mine.map((c) => ({ value: c, label: departmentName(c) }))}
        style={{ minWidth: 200 }}
        data-testid="editor-department"
      />
    ) : null;
  return (
    <Editor
      key={department}
      mode="new"
      initial={newItemValues(context.data)}
      currentVersion={null}
      nextVersion={1}
      codeContext={context.data}
      chooser={chooser}
    />
  );
}

interface EditorProps {
  mode: 'new' | 'edit';
  initial: EditorValues;
  currentVersion: number | null;
  nextVersion: number;
  codeContext: CodeContext | null;
  chooser?: ReactNode;
}

type SaveError = { title: string; errors: ServerError[]; requestId: string | null };

function Editor(props: EditorProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { message, modal } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<EditorValues>();
  const [tab, setTab] = useState<TabKey>('basic');
  const [dirty, setDirty] = useState(false);
  const [autoCodes, setAutoCodes] = useState(props.mode === 'new');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<SaveError | null>(null);
  const [errorTabs, setErrorTabs] = useState<Set<TabKey>>(new Set());
  const queries = useQueryClient();
  const publishing = useMutation(publishItem);
  const retiring = useMutation(retireItem);
  const name = Form.useWatch('name', form);
  const code = props.initial.handlingItemCode;
  const isNew = props.mode === 'new';

  // Leaving the page with unsaved changes asks first (closing the tab, reloading).
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const values = useCallback(() => fromValues(form.getFieldsValue(true) as EditorValues), [form]);

  const deriveNow = (v: Pick<EditorValues, 'type' | 'level' | 'parentCode'>) => {
    if (!props.codeContext) return;
    const codes = deriveCodes(props.codeContext, v);
    form.setFieldsValue(codes);
    void form.validateFields(['basicCode', 'implementationCode', 'handlingItemCode']).catch(() => undefined);
  };

  const onValuesChange = (changed: Partial<EditorValues>, all: EditorValues) => {
    setDirty(true);
    if ('basicCode' in changed || 'implementationCode' in changed || 'handlingItemCode' in changed) setAutoCodes(false);
    else if (isNew && autoCodes && ('type' in changed || 'level' in changed || 'parentCode' in changed)) deriveNow(all);
  };

  /** Shows the server's field errors next to their inputs (the nearest input that exists). */
  const showServerErrors = (errors: ServerError[]) => {
    const registered = form.getFieldsError().map((f) => f.name);
    const byName = new Map<string, { name: (string | number)[]; errors: string[] }>();
    for (const e of errors) {
      if (e.name[0] === 'form') continue; // the form designer marks its own fields
      let best: (string | number)[] | null = null;
      for (const n of registered) {
        if (n.length <= e.name.length && n.every((seg, i) => seg === e.name[i]) && (!best || n.length > best.length))
          best = n;
      }
      if (!best) continue;
      const key = JSON.stringify(best);
      const entry = byName.get(key) ?? { name: best, errors: [] };
      entry.errors.push(serverErrorMessage(t, e));
      byName.set(key, entry);
    }
    form.setFields([...byName.values()] as Parameters<typeof form.setFields>[0]);
  };

  const publish = async (data: ServiceItemData) => {
    setSaving(true);
    try {
      const detail = await publishing.mutateAsync({ code: data.handlingItemCode, data });
      setDirty(false);
      void message.success(t('editor.published', { version: detail.version }));
      const state: CatalogReturnState = {
        open: { code: detail.code, name: detail.item.name },
        published: detail.version,
      };
      void navigate('/catalog', { state });
    } catch (err) {
      const requestId = err instanceof ApiError ? err.requestId : null;
      if (err instanceof ApiError && err.details.length > 0) {
        const errors = err.details.map((d) => ({ ...d, name: pointerToPath(d.path) }));
        showServerErrors(errors);
        const tabs = new Set(errors.map((e) => tabOf(e.name)));
        setErrorTabs(tabs);
        setTab(tabOf(errors[0]!.name));
        setSaveError({ title: t('editor.saveRefused', { count: errors.length }), errors, requestId });
      } else {
        setSaveError({ title: errorMessage(t, err), errors: [], requestId });
      }
    } finally {
      setSaving(false);
    }
  };

  const save = async () => {
    setSaveError(null);
    try {
      await form.validateFields();
    } catch (info) {
      const fields = (info as { errorFields?: { name: (string | number)[] }[] }).errorFields ?? [];
      if (fields.length > 0) {
        const tabs = new Set(fields.map((f) => tabOf(f.name)));
        setErrorTabs(tabs);
        setTab(tabOf(fields[0]!.name));
        // Let the tab show before scrolling to the input.
        setTimeout(() => form.scrollToField(fields[0]!.name, { block: 'center' }), 50);
        void message.error(t('editor.fixErrors', { count: fields.length }));
      }
      return;
    }
    setErrorTabs(new Set());
    const data = values();
    if (isNew) {
      // A new item needs a code nobody has used, retired items included.
      let taken: boolean;
      try {
        await queries.fetchQuery({ ...versionsQuery(data.handlingItemCode), staleTime: 0, retry: false });
        taken = true;
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) {
          setSaveError({
            title: errorMessage(t, err),
            errors: [],
            requestId: err instanceof ApiError ? err.requestId : null,
          });
          return;
        }
        taken = false;
      }
      if (taken) {
        form.setFields([{ name: 'handlingItemCode', errors: [t('editor.codeTaken')] }]);
        setTab('basic');
        setErrorTabs(new Set(['basic']));
        return;
      }
    }
    modal.confirm({
      title: isNew ? t('editor.confirm.newTitle') : t('editor.confirm.title'),
      content: (
        <span data-testid="publish-confirm">
          {isNew ? t('editor.confirm.newContent') : t('editor.confirm.content', { version: props.nextVersion })}
        </span>
      ),
      okText: t('editor.confirm.ok', { version: props.nextVersion }),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'publish-ok' },
      onOk: () => publish(data),
    });
  };

  const retire = () => {
    modal.confirm({
      title: t('editor.retire.title'),
      content: (
        <span data-testid="retire-confirm">{t('editor.retire.content', { name: lt(props.initial.name, lng) })}</span>
      ),
      okText: t('editor.retire.ok'),
      okButtonProps: { danger: true, 'data-testid': 'retire-ok' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await retiring.mutateAsync(code);
          setDirty(false);
          void message.success(t('editor.retire.done', { name: lt(props.initial.name, lng) }));
          void navigate('/catalog');
        } catch (err) {
          setSaveError({
            title: errorMessage(t, err),
            errors: [],
            requestId: err instanceof ApiError ? err.requestId : null,
          });
        }
      },
    });
  };

  const cancel = () => {
    if (!dirty) {
      void navigate('/catalog');
      return;
    }
    modal.confirm({
      title: t('editor.discard.title'),
      content: t('editor.discard.content'),
      okText: t('editor.discard.ok'),
      cancelText: t('editor.discard.keep'),
      onOk: () => {
        setDirty(false);
        void navigate('/catalog');
      },
    });
  };

  /** Replaces every value with an item given as JSON (optional elements it lacks are cleared). */
  const applyJson = (data: ServiceItemData) => {
    const next: EditorValues = {
      handlingKind: undefined,
      parentCode: undefined,
      visitsReason: undefined,
      ...toValues(data),
    };
    if (next.contacts && !next.contacts.address) next.contacts = { ...next.contacts, address: undefined };
    form.setFieldsValue(next);
    setDirty(true);
    setAutoCodes(false);
  };

  const goTo = (e: ServerError) => {
    const target = tabOf(e.name);
    setTab(target);
    if (target !== 'form') setTimeout(() => form.scrollToField(e.name, { block: 'center' }), 50);
  };

  const serverFormErrors = (saveError?.errors ?? []).filter((e) => e.name[0] === 'form');
  const label = (key: TabKey, text: string) => (
    <span data-testid={`tab-${key}`}>
      {errorTabs.has(key) ? (
        <Badge dot offset={[6, 0]}>
          {text}
        </Badge>
      ) : (
        text
      )}
    </span>
  );

  const title = isNew
    ? t('editor.title.new')
    : t('editor.title.edit', { name: lt(name?.zh ? name : props.initial.name, lng) });
  return (
    <Card
      data-testid="item-editor"
      title={
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {props.currentVersion !== null && (
            <Tag data-testid="editor-current-version">
              {t('editor.currentVersion', { version: props.currentVersion })}
            </Tag>
          )}
          {dirty && <Tag color="orange">{t('editor.unsaved')}</Tag>}
        </Space>
      }
      extra={
        <Space wrap>
          {props.chooser}
          <Button onClick={cancel} data-testid="editor-cancel">
            {t('common.cancel')}
          </Button>
          {!isNew && (
            <Button danger onClick={retire} data-testid="editor-retire">
              {t('editor.retire.button')}
            </Button>
          )}
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="item-save">
            {t('editor.save', { version: props.nextVersion })}
          </Button>
        </Space>
      }
    >
      <Alert
        type="info"
        showIcon
        title={isNew ? t('editor.newHint') : t('editor.editHint', { version: props.nextVersion })}
        style={{ marginBottom: 16 }}
      />
      {saveError && (
        <ServerErrors
          title={saveError.title}
          errors={saveError.errors}
          requestId={saveError.requestId}
          onGo={goTo}
          onClose={() => setSaveError(null)}
        />
      )}
      <Form<EditorValues>
        form={form}
        layout="vertical"
        initialValues={props.initial}
        onValuesChange={onValuesChange}
        data-testid="item-form"
      >
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as TabKey)}
          items={[
            {
              key: 'basic',
              label: label('basic', t('editor.tabs.basic')),
              forceRender: true,
              children: (
                <BasicTab
                  isNew={isNew}
                  departmentCode={props.initial.departmentCode}
                  codeContext={props.codeContext}
                  onDeriveCodes={() => {
                    setAutoCodes(true);
                    deriveNow(form.getFieldsValue(['type', 'level', 'parentCode']) as EditorValues);
                  }}
                />
              ),
            },
            {
              key: 'handling',
              label: label('handling', t('editor.tabs.handling')),
              forceRender: true,
              children: <HandlingTab departmentCode={props.initial.departmentCode} />,
            },
            {
              key: 'materials',
              label: label('materials', t('editor.tabs.materials')),
              forceRender: true,
              children: <MaterialsTable />,
            },
            {
              key: 'form',
              label: label('form', t('editor.tabs.form')),
              forceRender: true,
              children: (
                <Form.Item
                  name="form"
                  rules={[
                    {
                      validator: async (_, v: EditorValues['form']) => {
                        const problems = formProblems(v ?? { sections: [] });
                        if (problems.length > 0)
                          throw new Error(t('editor.formDesigner.problems', { count: problems.length }));
                      },
                    },
                  ]}
                >
                  <FormDesigner serverErrors={serverFormErrors} />
                </Form.Item>
              ),
            },
            { key: 'faq', label: label('faq', t('editor.tabs.faq')), forceRender: true, children: <FaqTab /> },
            {
              key: 'json',
              label: label('json', t('editor.tabs.json')),
              children:
                tab === 'json' ? (
                  <JsonTab
                    read={values}
                    apply={applyJson}
                    fixed={
                      isNew
                        ? { departmentCode: props.initial.departmentCode }
                        : { handlingItemCode: code, departmentCode: props.initial.departmentCode }
                    }
                  />
                ) : null,
            },
          ]}
        />
      </Form>
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" loading={saving} onClick={() => void save()}>
          {t('editor.save', { version: props.nextVersion })}
        </Button>
        <Button onClick={cancel}>{t('common.cancel')}</Button>
      </Space>
    </Card>
  );
}
