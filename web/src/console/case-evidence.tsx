// The case desk's shared evidence: each material the platform fetched from a registry when the
// case was filed, next to the uploads, with its provenance (registry and owning department,
// record and version, when) and the record's digest; the record's values on demand.
import { Descriptions, Empty, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { lt } from '../shared/catalog';
import type { CaseView } from '../shared/contract';
import { formatDateTime } from '../shared/format';

type EvidenceView = CaseView['evidence'][number];

export function CaseEvidence({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const columns: TableColumnsType<EvidenceView> = [
    {
      title: t('evidence.material'),
      key: 'material',
      render: (_, e) => (
        <Space orientation="vertical" size={0}>
          <span>{lt(e.materialName, lng)}</span>
          <Tag color="green">{t('evidence.shared')}</Tag>
        </Space>
      ),
    },
    {
      title: t('evidence.source'),
      key: 'source',
      render: (_, e) => (
        <Space orientation="vertical" size={0} data-testid="evidence-source">
          <span>{lt(e.registryName, lng)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lt(e.ownerDepartmentName, lng)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('evidence.record'),
      key: 'record',
      render: (_, e) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text className="yw-code" style={{ fontSize: 12 }} data-testid="evidence-record">
            {e.recordId}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="evidence-version">
            {e.recordType} · {t('evidence.version', { version: e.recordVersion })}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('evidence.fetchedAt'),
      key: 'at',
      render: (_, e) => <span data-testid="evidence-fetched-at">{formatDateTime(e.fetchedAt, lng)}</span>,
    },
    {
      title: t('evidence.digest'),
      key: 'digest',
      width: 220,
      render: (_, e) => (
        <Typography.Text
          className="yw-code"
          style={{ fontSize: 12 }}
          copyable={{ text: e.digest }}
          data-testid="evidence-digest"
        >
          {e.digest}
        </Typography.Text>
      ),
    },
  ];
  if (c.evidence.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('evidence.empty')} />;
  return (
    <div data-testid="case-evidence">
      <Table<EvidenceView>
        rowKey={(e) => `${e.materialCode}/${e.recordId}`}
        columns={columns}
        dataSource={c.evidence}
        pagination={false}
        size="small"
        expandable={{
          rowExpandable: (e) => e.values !== null,
          expandedRowRender: (e) => (
            <Descriptions size="small" column={1} title={t('evidence.values')}>
              {Object.entries(e.values ?? {}).map(([k, v]) => (
                <Descriptions.Item key={k} label={k}>
                  {v === null ? '—' : String(v)}
                </Descriptions.Item>
              ))}
            </Descriptions>
          ),
        }}
      />
    </div>
  );
}
