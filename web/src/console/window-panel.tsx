/**
 * The clerk's window (窗口): the number at the window and the queue's steps (call next, call
 * again, serve, transfer, no-show, finish), and filing for the applicant being served
 * (一窗受理): the item's form, the ID card checked in person, the paper materials received,
 * and the acceptance receipt to print.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { itemQuery } from '../shared/api/catalog';
import {
  callNext,
  fileAtWindow,
  hallQuery,
  ticketStep,
  transfer,
  windowQuery,
  type TicketStep,
} from '../shared/api/halls';
import { lt } from '../shared/catalog';
import type { CounterFiled, FormField, HallDetail } from '../shared/contract';
import { errorMessage } from '../shared/i18n';

/** Fields the server fills from the applicant's account (their name and ID number): not asked again. */
const BOUND = new Set(['person.name', 'person.idNumber']);

export function WindowPanel({ windowId, hallCode }: { windowId: string; hallCode: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { message } = AntApp.useApp();
  const view = useQuery(windowQuery(windowId));
  const hall = useQuery(hallQuery(hallCode));
  const next = useMutation(callNext);
  const step = useMutation(ticketStep);
  const move = useMutation(transfer);
  const [to, setTo] = useState<string | null>(null);
  const run = async (what: () => Promise<unknown>) => {
    try {
      await what();
      await view.refetch();
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };
  const v = view.data;
  if (!v) return null;
  const current = v.current;
  const others = (hall.data?.windows ?? []).filter((w) => w.id !== windowId);
  const act = (s: TicketStep) => current && void run(() => step.mutateAsync({ id: current.id, step: s }));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={`${lt(v.window.name, lng)} · ${t('window.waiting', { count: v.waiting })}`}
        data-testid="window-panel"
      >
        {current ? (
          <Space direction="vertical">
            <Space align="baseline">
              <Typography.Text type="secondary">{t('window.current')}</Typography.Text>
              <Typography.Title level={2} style={{ margin: 0 }} data-testid="window-current">
                {current.number}
              </Typography.Title>
              <Tag data-testid="window-current-status">{t(`window.status.${current.status}`)}</Tag>
              <span>{lt(current.item.name, lng)}</span>
            </Space>
            {current.status === 'called' ? (
              <Typography.Text type="secondary">
                {t('window.recalls', { n: current.recalls, max: v.hall.noShowAfterRecalls })}
              </Typography.Text>
            ) : null}
            <Space wrap>
              {current.status === 'called' ? (
                <>
                  <Button type="primary" onClick={() => act('serve')} data-testid="window-serve">
                    {t('window.serve')}
                  </Button>
                  <Button onClick={() => act('recall')} data-testid="window-recall">
                    {t('window.recall')}
                  </Button>
                  <Button
                    danger
                    disabled={current.recalls < v.hall.noShowAfterRecalls}
                    onClick={() => act('no-show')}
                    data-testid="window-no-show"
                  >
                    {t('window.noShow')}
                  </Button>
                </>
              ) : (
                <Button type="primary" onClick={() => act('finish')} data-testid="window-finish">
                  {t('window.finish')}
                </Button>
              )}
              <Select
                style={{ minWidth: 180 }}
                placeholder={t('window.transferTo')}
                value={to}
                onChange={setTo}
                options={others.map((w) => ({ value: w.id, label: lt(w.name, lng) }))}
              />
              <Button
                disabled={!to}
                onClick={() => to && void run(() => move.mutateAsync({ id: current.id, windowId: to }))}
              >
                {t('window.transfer')}
              </Button>
            </Space>
          </Space>
        ) : (
          <Space>
            <Typography.Text type="secondary">{t('window.noCurrent')}</Typography.Text>
            <Button
              type="primary"
              loading={next.isPending}
              onClick={() => void run(() => next.mutateAsync(windowId))}
              data-testid="window-call-next"
            >
              {t('window.callNext')}
            </Button>
          </Space>
        )}
      </Card>
      {current?.status === 'serving' && hall.data ? (
        <FilingCard
          windowId={windowId}
          hall={hall.data}
          items={v.window.comprehensive ? hall.data.items : v.window.items}
        />
      ) : null}
    </Space>
  );
}

function FilingCard({ windowId, hall, items }: { windowId: string; hall: HallDetail; items: HallDetail['items'] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [itemCode, setItemCode] = useState<string | null>(null);
  const item = useQuery({ ...itemQuery(itemCode ?? ''), enabled: itemCode !== null });
  const [form] = Form.useForm<Record<string, unknown>>();
  const [key] = useState(() => crypto.randomUUID());
  const filing = useMutation(fileAtWindow);
  const [filed, setFiled] = useState<CounterFiled | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const data = item.data?.item;
  const fields = (data?.form.sections ?? [])
    .flatMap((s) => s.fields)
    .filter((f) => !f.prefill || !BOUND.has(f.prefill));
  // Shared materials are fetched from their registry; one it holds no record of is taken on paper.
  const paper = data?.materials ?? [];

  const submit = async (values: Record<string, unknown>) => {
    if (!itemCode) return;
    setProblem(null);
    const answers: Record<string, unknown> = {};
    for (const f of fields)
      if (values[f.key] !== undefined && values[f.key] !== '') answers[f.key] = valueOf(f, values[f.key]);
    try {
      setFiled(
        await filing.mutateAsync({
          windowId,
          key,
          input: {
            itemCode,
            form: answers,
            applicant: { idNumber: String(values.__idNumber ?? ''), name: String(values.__name ?? '') },
            paperMaterials: (values.__paper as string[] | undefined) ?? [],
          },
        }),
      );
    } catch (err) {
      setProblem(errorMessage(t, err));
    }
  };

  return (
    <Card title={t('window.file')} data-testid="window-filing">
      <Typography.Paragraph type="secondary">{lt(hall.name, lng)}</Typography.Paragraph>
      {filed ? (
        <Space direction="vertical">
          <Alert type="success" message={t('window.filed', { number: filed.caseNumber })} data-testid="window-filed" />
          <a
            href={filed.receipt}
            target="_blank"
            rel="noreferrer"
            download={`receipt-${filed.caseNumber}.pdf`}
            data-testid="window-receipt"
          >
            {t('window.receipt')}
          </a>
        </Space>
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item label={t('window.walkInItem')} required>
            <Select
              value={itemCode}
              onChange={setItemCode}
              options={items.map((i) => ({ value: i.code, label: lt(i.name, lng) }))}
              data-testid="filing-item"
            />
          </Form.Item>
          <Form.Item name="__idNumber" label={t('window.applicantId')} rules={[{ required: true, len: 18 }]}>
            <Input data-testid="filing-id-number" />
          </Form.Item>
          <Form.Item name="__name" label={t('window.applicantName')} rules={[{ required: true }]}>
            <Input data-testid="filing-name" />
          </Form.Item>
          {fields.map((f) => (
            <Form.Item key={f.key} name={f.key} label={lt(f.label, lng)} rules={[{ required: !f.optional }]}>
              <FieldInput field={f} />
            </Form.Item>
          ))}
          {paper.length > 0 ? (
            <Form.Item name="__paper" label={t('window.paper')}>
              <Checkbox.Group
                options={paper.map((m) => ({
                  value: m.code,
                  label: m.source === 'shared' ? `${lt(m.name, lng)}（${t('window.sharedPaper')}）` : lt(m.name, lng),
                }))}
                data-testid="filing-paper"
              />
            </Form.Item>
          ) : null}
          {problem ? <Alert type="error" message={problem} data-testid="filing-error" /> : null}
          <Button
            type="primary"
            htmlType="submit"
            loading={filing.isPending}
            disabled={!data}
            data-testid="filing-submit"
          >
            {t('window.submitFiling')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

const enumOf = (f: FormField): string[] => {
  const s = f.schema as { enum?: unknown[]; items?: { enum?: unknown[] } };
  return (s.enum ?? s.items?.enum ?? []).map(String);
};

function valueOf(f: FormField, v: unknown): unknown {
  if (f.widget === 'number' || f.widget === 'money') return Number(v);
  return v;
}

function FieldInput({ field, ...rest }: { field: FormField; value?: unknown; onChange?: (v: unknown) => void }) {
  const { t } = useTranslation();
  const options = enumOf(field);
  if (options.length > 0)
    return (
      <Select
        {...rest}
        mode={field.widget === 'checkbox' ? 'multiple' : undefined}
        options={options.map((o) => ({ value: o, label: t(`cases.options.${o}`, { defaultValue: o }) }))}
        data-testid={`filing-field-${field.key}`}
      />
    );
  return (
    <Input
      value={typeof rest.value === 'string' || typeof rest.value === 'number' ? String(rest.value) : ''}
      onChange={(e) => rest.onChange?.(e.target.value)}
      data-testid={`filing-field-${field.key}`}
    />
  );
}
