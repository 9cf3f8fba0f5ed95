// 异常预警 (efficiency supervision): the anomaly flags the rules raised, in the caller's scope (a
// supervisor: their region; a department head: their department, read-only, not the flags naming
// them), filtered by rule, department and status; a drawer shows one flag's grounds and, for a
// supervisor, takes the finding (no issue, or referral to discipline inspection) with a note.
import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Descriptions,
  Drawer,
  Input,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  anomalyFlagsQuery,
  anomalyRulesQuery,
  reviewFlag,
  type AnomalyFlag,
  type AnomalyQuery,
} from '../../shared/api/anomalies';
import { departmentsQuery } from '../../shared/api/org';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { useAuth } from '../../shared/auth';

const STATUS_COLOR = { open: 'orange', no_issue: 'green', referred: 'red' } as const;
const PAGE_SIZE = 20;

/** A handling time in hours under two days, else in days. */
function duration(t: TFunction, seconds: number): string {
  const hours = seconds / 3600;
  return hours < 48
    ? t('anomalies.hours', { n: hours.toFixed(1) })
    : t('anomalies.days', { n: (hours / 24).toFixed(1) });
}

/** The measure a rule took, in words. */
function measure(t: TFunction, f: AnomalyFlag): string {
  if (f.ruleKind === 'handling_time') return `z = ${f.score.toFixed(1)}`;
  if (f.ruleKind === 'applicant_share') return `${Math.round(f.score * 100)}%`;
  if (f.ruleKind === 'corrections') return `${f.score} × ${t('anomalies.detail.corrections')}`;
  return '';
}

/** The grounds of a flag (its detail), as labelled lines. */
function grounds(t: TFunction, f: AnomalyFlag): { label: string; value: string }[] {
  const d = f.detail;
  const out: { label: string; value: string }[] = [];
  const num = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : null);
  const seconds = num('handlingSeconds');
  if (seconds !== null) out.push({ label: t('anomalies.detail.handlingSeconds'), value: duration(t, seconds) });
  const median = num('medianSeconds');
  if (median !== null) out.push({ label: t('anomalies.detail.medianSeconds'), value: duration(t, median) });
  for (const k of ['peers', 'corrections', 'cases', 'applicantCases'] as const) {
    const v = num(k);
    if (v !== null) out.push({ label: t(`anomalies.detail.${k}`), value: String(v) });
  }
  if (Array.isArray(d.relations))
    out.push({
      label: t('anomalies.detail.relations'),
      value: (d.relations as string[]).map((r) => t(`anomalies.detail.${r}`)).join('、'),
    });
  if (typeof d.localTime === 'string') out.push({ label: t('anomalies.detail.localTime'), value: d.localTime });
  if (typeof d.restDay === 'boolean')
    out.push({ label: t('anomalies.detail.restDay'), value: t(`anomalies.detail.${d.restDay ? 'yes' : 'no'}`) });
  return out;
}

export default function AnomaliesPage() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const { message } = AntApp.useApp();
  const isSupervisor = me?.roles.includes('supervisor') ?? false;
  const [filter, setFilter] = useState<AnomalyQuery>({ status: 'open', page: 1, pageSize: PAGE_SIZE });
  const flags = useQuery(anomalyFlagsQuery(filter));
  const rules = useQuery(anomalyRulesQuery);
  const departments = useQuery(departmentsQuery());
  const review = useMutation(reviewFlag);
  const [open, setOpen] = useState<AnomalyFlag | null>(null);
  const [finding, setFinding] = useState<'no_issue' | 'referred'>('no_issue');
  const [note, setNote] = useState('');
  const department = (code: string) => {
    const d = departments.data?.find((x) => x.code === code);
    return d ? (i18n.language === 'en' ? d.nameEn : d.name) : code;
  };
  const set = (patch: Partial<AnomalyQuery>) => setFilter((f) => ({ ...f, ...patch, page: 1 }));
  const show = (f: AnomalyFlag) => {
    setFinding('no_issue');
    setNote('');
    setOpen(f);
  };
  const submit = () => {
    if (!open) return;
    review.mutate(
      { id: open.id, body: { finding, note } },
      {
        onSuccess: (done) => {
          setOpen(done);
          void message.success(t('anomalies.review.done'));
        },
        onError: (err) => void message.error(errorMessage(t, err)),
      },
    );
  };

  const columns: TableColumnsType<AnomalyFlag> = [
    {
      title: t('anomalies.columns.case'),
      render: (_, f) => (
        <Button type="link" size="small" onClick={() => show(f)} data-testid={`flag-${f.caseNumber}-${f.ruleCode}`}>
          {f.caseNumber}
        </Button>
      ),
    },
    { title: t('anomalies.columns.rule'), render: (_, f) => t(`anomalies.kind.${f.ruleKind}`) },
    { title: t('anomalies.columns.department'), render: (_, f) => department(f.departmentCode) },
    { title: t('anomalies.columns.staff'), dataIndex: 'staffName' },
    { title: t('anomalies.columns.score'), render: (_, f) => measure(t, f) },
    {
      title: t('anomalies.columns.status'),
      render: (_, f) => <Tag color={STATUS_COLOR[f.status]}>{t(`anomalies.status.${f.status}`)}</Tag>,
    },
    { title: t('anomalies.columns.created'), render: (_, f) => formatDateTime(f.createdAt, i18n.language) },
  ];
  const all = { value: '', label: t('anomalies.filters.all') };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('anomalies.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('anomalies.intro')}</Typography.Paragraph>
      {!isSupervisor && <Alert type="info" showIcon message={t('anomalies.readOnly')} />}
      <Space wrap>
        <Select
          style={{ minWidth: 200 }}
          value={filter.rule ?? ''}
          onChange={(v) => set({ rule: v || undefined })}
          aria-label={t('anomalies.filters.rule')}
          data-testid="filter-rule"
          options={[
            all,
            ...(rules.data?.rules.rules ?? []).map((r) => ({ value: r.code, label: t(`anomalies.kind.${r.kind}`) })),
          ]}
        />
        <Select
          style={{ minWidth: 200 }}
          value={filter.department ?? ''}
          onChange={(v) => set({ department: v || undefined })}
          aria-label={t('anomalies.filters.department')}
          data-testid="filter-department"
          options={[
            all,
            ...(departments.data ?? []).map((d) => ({
              value: d.code,
              label: i18n.language === 'en' ? d.nameEn : d.name,
            })),
          ]}
        />
        <Select<AnomalyQuery['status'] | ''>
          style={{ minWidth: 140 }}
          value={filter.status ?? ''}
          onChange={(v) => set({ status: v || undefined })}
          aria-label={t('anomalies.filters.status')}
          data-testid="filter-status"
          options={[
            all,
            ...(['open', 'no_issue', 'referred'] as const).map((s) => ({
              value: s,
              label: t(`anomalies.status.${s}`),
            })),
          ]}
        />
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={flags.isLoading}
        columns={columns}
        dataSource={flags.data?.items ?? []}
        pagination={{
          current: filter.page ?? 1,
          pageSize: PAGE_SIZE,
          total: flags.data?.total ?? 0,
          onChange: (page) => setFilter((f) => ({ ...f, page })),
        }}
        scroll={{ x: 900 }}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        width={520}
        title={open ? `${t('anomalies.detail.title')} · ${open.caseNumber}` : ''}
        data-testid="flag-drawer"
      >
        {open && (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('anomalies.columns.rule')}>
                {t(`anomalies.kind.${open.ruleKind}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('anomalies.detail.version')}>
                {open.ruleCode} · v{open.rulesetVersion}
              </Descriptions.Item>
              <Descriptions.Item label={t('anomalies.columns.department')}>
                {department(open.departmentCode)}
              </Descriptions.Item>
              <Descriptions.Item label={t('anomalies.columns.staff')}>{open.staffName}</Descriptions.Item>
              {grounds(t, open).map((g) => (
                <Descriptions.Item key={g.label} label={g.label}>
                  {g.value}
                </Descriptions.Item>
              ))}
              <Descriptions.Item label={t('anomalies.columns.status')}>
                <Tag color={STATUS_COLOR[open.status]} data-testid="flag-status">
                  {t(`anomalies.status.${open.status}`)}
                </Tag>
              </Descriptions.Item>
              {open.findingNote && (
                <Descriptions.Item label={t('anomalies.review.reviewed')}>{open.findingNote}</Descriptions.Item>
              )}
            </Descriptions>
            {isSupervisor && open.status === 'open' && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text strong>{t('anomalies.review.finding')}</Typography.Text>
                <Radio.Group value={finding} onChange={(e) => setFinding(e.target.value as 'no_issue' | 'referred')}>
                  <Radio value="no_issue" data-testid="finding-no-issue">
                    {t('anomalies.review.no_issue')}
                  </Radio>
                  <Radio value="referred" data-testid="finding-referred">
                    {t('anomalies.review.referred')}
                  </Radio>
                </Radio.Group>
                <Input.TextArea
                  rows={4}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder={t('anomalies.review.notePlaceholder')}
                  aria-label={t('anomalies.review.note')}
                  maxLength={2000}
                  data-testid="finding-note"
                />
                <Button
                  type="primary"
                  disabled={note.trim().length < 2}
                  loading={review.isPending}
                  onClick={submit}
                  data-testid="finding-submit"
                >
                  {t('anomalies.review.submit')}
                </Button>
              </Space>
            )}
          </Space>
        )}
      </Drawer>
    </Space>
  );
}
