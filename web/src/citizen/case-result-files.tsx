/** The files of a case's result (办结文书, later 电子证照): each opens (downloads) from the case page. */
import { useTranslation } from 'react-i18next';
import { resultFileUrl } from '../shared/api/applications';
import type { CaseView } from '../shared/contract';
import { formatSize } from './case-parts';

export function ResultFiles({ c }: { c: Pick<CaseView, 'id' | 'resultFiles'> }) {
  const { t } = useTranslation();
  if (c.resultFiles.length === 0) return null;
  return (
    <ul className="yw-list yw-mt" data-testid="case-result-files">
      {c.resultFiles.map((f) => (
        <li key={f.id}>
          <a href={resultFileUrl(c.id, f.id)} download={f.fileName} data-testid="case-result-file">
            {t('cases.case.resultFile.label', { kind: t(`cases.case.resultFile.${f.kind}`), name: f.fileName })}
          </a>{' '}
          <span className="yw-muted">{formatSize(f.size)}</span>
        </li>
      ))}
    </ul>
  );
}
