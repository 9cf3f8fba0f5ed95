// A case's materials as its applicant filed them: the uploads, and the documents departments
// shared instead (已由部门共享), each with its source registry and department.
import { useTranslation } from 'react-i18next';
import { materialUrl } from '../shared/api/applications';
import { lt } from '../shared/catalog';
import type { CaseView } from '../shared/contract';
import { formatDateTime } from '../shared/format';

export function FiledMaterials({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <ul className="yw-list">
      {c.materials.map((m) => (
        <li key={m.code}>
          {lt(m.name, lng)}
          {t('common.colon')}
          <a href={materialUrl(c.id, m.code)} target="_blank" rel="noreferrer">
            {m.fileName}
          </a>
        </li>
      ))}
      {c.evidence.map((e) => (
        <li key={`${e.materialCode}/${e.recordId}`} data-testid="case-shared-evidence">
          {lt(e.materialName, lng)}
          {t('common.colon')}
          <span className="yw-shared">
            {t('exchange.shared.from', {
              registry: lt(e.registryName, lng),
              department: lt(e.ownerDepartmentName, lng),
            })}
          </span>
          <br />
          <small className="yw-muted">{t('exchange.shared.fetchedAt', { at: formatDateTime(e.fetchedAt, lng) })}</small>
        </li>
      ))}
    </ul>
  );
}
