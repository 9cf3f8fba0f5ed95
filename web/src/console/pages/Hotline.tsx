// 12345 热线受理台 (the 12345 desk) for city operators: identify the caller (a repeated caller
// with their earlier calls and events), record the call by type, answer an enquiry from the
// knowledge base (the catalogue's guides and FAQ) and close it on the spot, or dispatch it as
// an event; the last 30 days' figures and the recent calls.
import { useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Form,
  Input,
  List,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../shared/auth';
import { lt } from '../../shared/catalog';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import {
  CALL_TYPES,
  callsQuery,
  categoriesQuery,
  figuresQuery,
  knowledgeQuery,
  lookUpCaller,
  recordCall,
  type CallerHistory,
  type CallSummary,
  type CallType,
  type KnowledgeEntry,
  type NewCall,
} from '../../shared/api/hotline';
import { usePaging } from '../common';

interface CallForm {
  callerPhone: string;
  callerName?: string;
  type: CallType;
  summary: string;
  categoryCode?: string;
  address?: string;
}

const newKey = () => `desk-${crypto.randomUUID()}`;

function CallerCard({ history }: { history: CallerHistory }) {
  const { t, i18n } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="hotline-caller">
      <Alert
        type={history.repeatCaller ? 'warning' : 'info'}
        showIcon
        message={history.repeatCaller ? t('hotline.repeatCaller') : t('hotline.firstCaller')}
        description={history.totalCalls > 0 ? t('hotline.earlierCalls', { count: history.totalCalls }) : undefined}
        data-testid={history.repeatCaller ? 'hotline-repeat' : 'hotline-first'}
      />
      {history.calls.length > 0 && (
        <List
          size="small"
          dataSource={history.calls.slice(0, 5)}
          renderItem={(c) => (
            <List.Item>
              <Space wrap>
                <Tag>{t(`hotline.types.${c.type}`)}</Tag>
                <span>{formatDateTime(c.receivedAt, i18n.language)}</span>
                <span>{c.summary}</span>
                {c.eventNumber && <Tag color="blue">{c.eventNumber}</Tag>}
              </Space>
            </List.Item>
          )}
        />
      )}
      {history.events.length > 0 && (
        <Space wrap>
          <Typography.Text type="secondary">{t('hotline.earlierEvents')}</Typography.Text>
          {history.events.map((e) => (
            <Tag key={e.id} color="processing">
              {e.number} · {e.status}
            </Tag>
          ))}
        </Space>
      )}
    </Space>
  );
}

function KnowledgePanel(props: { chosen: KnowledgeEntry | null; onChoose: (e: KnowledgeEntry | null) => void }) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery(knowledgeQuery(q));
  const lng = i18n.language;
  if (props.chosen) {
    return (
      <Alert
        type="success"
        message={`${t('hotline.chosen')}：${lt(props.chosen.question, lng)}`}
        description={lt(props.chosen.answer, lng)}
        action={
          <Button size="small" onClick={() => props.onChoose(null)}>
            {t('hotline.clearAnswer')}
          </Button>
        }
        data-testid="hotline-chosen"
      />
    );
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search
        placeholder={t('hotline.knowledgeSearch')}
        onSearch={(v) => setQ(v.trim())}
        enterButton
        loading={found.isFetching}
        data-testid="hotline-kb-search"
      />
      {q && found.data && (
        <List
          size="small"
          bordered
          dataSource={found.data}
          locale={{ emptyText: t('hotline.knowledgeEmpty') }}
          data-testid="hotline-kb-results"
          renderItem={(e) => (
            <List.Item
              actions={[
                <Button key="use" type="link" onClick={() => props.onChoose(e)} data-testid="hotline-kb-use">
                  {t('hotline.useAnswer')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space>
                    <Tag color={e.kind === 'faq' ? 'green' : 'geekblue'}>{t(`hotline.${e.kind}`)}</Tag>
                    {lt(e.question, lng)}
                  </Space>
                }
                description={
                  <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 0 }}>
                    {lt(e.answer, lng)}
                  </Typography.Paragraph>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

function CallDesk() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<CallForm>();
  const [key, setKey] = useState(newKey);
  const [chosen, setChosen] = useState<KnowledgeEntry | null>(null);
  const [history, setHistory] = useState<CallerHistory | null>(null);
  const type = Form.useWatch('type', form) ?? 'enquiry';
  const lookup = useMutation(lookUpCaller);
  const save = useMutation(recordCall);
  const categories = useQuery(categoriesQuery);
  const lng = i18n.language;
  const answering = type === 'enquiry' && chosen !== null;

  const identify = async () => {
    const phone = (form.getFieldValue('callerPhone') as string | undefined)?.trim();
    if (!phone) {
      void message.warning(t('hotline.phoneRequired'));
      return;
    }
    try {
      setHistory(await lookup.mutateAsync(phone));
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };

  const submit = async (v: CallForm) => {
    const body: NewCall = {
      type: v.type,
      callerPhone: v.callerPhone.trim(),
      summary: v.summary,
      ...(v.callerName ? { callerName: v.callerName } : {}),
      ...(answering
        ? { answer: { itemCode: chosen.itemCode, faqIndex: chosen.faqIndex } }
        : { categoryCode: v.categoryCode, ...(v.address ? { address: v.address } : {}) }),
    };
    try {
      const call = await save.mutateAsync({ body, key });
      void message.success(
        call.outcome === 'answered'
          ? t('hotline.answeredOk', { number: call.number })
          : t('hotline.dispatchedOk', { number: call.number, event: call.eventNumber }),
      );
      form.resetFields();
      setChosen(null);
      setHistory(null);
      setKey(newKey());
    } catch (err) {
      void message.error(errorMessage(t, err));
    }
  };

  return (
    <Card title={t('hotline.title')} data-testid="hotline-desk">
      <Form<CallForm>
        form={form}
        layout="vertical"
        initialValues={{ type: 'enquiry' }}
        onFinish={(v) => void submit(v)}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('hotline.caller')} required>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="callerPhone" noStyle rules={[{ required: true, message: t('hotline.phoneRequired') }]}>
                  <Input inputMode="tel" maxLength={24} data-testid="hotline-phone" />
                </Form.Item>
                <Button onClick={() => void identify()} loading={lookup.isPending} data-testid="hotline-lookup">
                  {t('hotline.lookUp')}
                </Button>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="callerName" label={t('hotline.callerName')}>
              <Input maxLength={30} data-testid="hotline-name" />
            </Form.Item>
          </Col>
        </Row>
        {history && <CallerCard history={history} />}
        <Form.Item name="type" label={t('hotline.type')}>
          <Radio.Group
            optionType="button"
            options={CALL_TYPES.map((c) => ({ value: c, label: t(`hotline.types.${c}`) }))}
            data-testid="hotline-type"
          />
        </Form.Item>
        <Form.Item
          name="summary"
          label={t('hotline.summary')}
          rules={[{ required: true, min: 2, message: t('hotline.summaryRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="hotline-summary" />
        </Form.Item>
        {type === 'enquiry' && (
          <Form.Item label={t('hotline.knowledge')}>
            <KnowledgePanel chosen={chosen} onChoose={setChosen} />
          </Form.Item>
        )}
        {!answering && (
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="categoryCode"
                label={t('hotline.category')}
                rules={[{ required: true, message: t('hotline.categoryRequired') }]}
              >
                <Select
                  showSearch
                  virtual={false}
                  optionFilterProp="label"
                  options={(categories.data ?? []).map((c) => ({
                    value: c.code,
                    label: `${lt(c.group, lng)} · ${lt(c.name, lng)}`,
                  }))}
                  data-testid="hotline-category"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="address"
                label={t('hotline.address')}
                rules={[{ required: true, min: 2, message: t('hotline.addressRequired') }]}
              >
                <Input maxLength={200} data-testid="hotline-address" />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="hotline-submit">
          {answering ? t('hotline.answerAndClose') : t('hotline.dispatch')}
        </Button>
      </Form>
    </Card>
  );
}

function Figures() {
  const { t } = useTranslation();
  const f = useQuery(figuresQuery(30)).data;
  return (
    <Card title={t('hotline.figures')} data-testid="hotline-figures">
      <Row gutter={16}>
        <Col span={5}>
          <Statistic title={t('hotline.total')} value={f?.total ?? 0} />
        </Col>
        <Col span={5}>
          <Statistic title={t('hotline.answeredOnSpot')} value={f?.answeredOnSpot ?? 0} />
        </Col>
        <Col span={5}>
          <Statistic
            title={t('hotline.answeredRate')}
            value={f ? Math.round(f.answeredOnSpotRate * 1000) / 10 : 0}
            suffix="%"
          />
        </Col>
        <Col span={4}>
          <Statistic title={t('hotline.eventsOpened')} value={f?.eventsOpened ?? 0} />
        </Col>
        <Col span={5}>
          <Statistic title={t('hotline.repeatCallers')} value={f?.repeatCallers ?? 0} />
        </Col>
      </Row>
    </Card>
  );
}

function RecentCalls() {
  const { t, i18n } = useTranslation();
  const { page, pageSize, pagination } = usePaging(10);
  const calls = useQuery(callsQuery({ page, pageSize }));
  const columns: TableColumnsType<CallSummary> = useMemo(
    () => [
      { title: t('hotline.number'), dataIndex: 'number', width: 170 },
      {
        title: t('hotline.receivedAt'),
        render: (_, r) => formatDateTime(r.receivedAt, i18n.language),
        width: 160,
      },
      { title: t('hotline.type'), render: (_, r) => t(`hotline.types.${r.type}`), width: 80 },
      { title: t('hotline.caller'), dataIndex: 'callerPhoneMasked', width: 130 },
      { title: t('hotline.summary'), dataIndex: 'summary', ellipsis: true },
      {
        title: t('hotline.outcome'),
        width: 200,
        render: (_, r) => (
          <Space size={4}>
            <Tag color={r.outcome === 'answered' ? 'green' : 'blue'}>{t(`hotline.outcomes.${r.outcome}`)}</Tag>
            {r.eventNumber && <span>{r.eventNumber}</span>}
            {r.repeatCaller && <Tag color="orange">{t('hotline.repeat')}</Tag>}
          </Space>
        ),
      },
    ],
    [t, i18n.language],
  );
  return (
    <Card title={t('hotline.recent')}>
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={calls.data?.items ?? []}
        loading={calls.isLoading}
        pagination={pagination(calls.data?.total ?? 0)}
        scroll={{ x: 900 }}
        data-testid="hotline-calls"
      />
    </Card>
  );
}

export default function HotlinePage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (!me?.roles.includes('city_operator')) return <Result status="403" title={t('hotline.noAccess')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="hotline-page">
      <Figures />
      <CallDesk />
      <RecentCalls />
    </Space>
  );
}
