// Result files (办结文书; a certificate, 电子证照, is attached the same way later): the upload
// field of the action that gives the result, and the files of a completed case, each opened
// from the console.
import { useState } from 'react';
import { Button, Form, List, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { resultFileUrl, upload } from '../shared/api/applications';
import type { CaseView } from '../shared/contract';
import { deskErrorMessage, formatSize } from './desk';

export interface AttachedFile {
  uploadId: string;
  fileName: string;
}

/** Upload the result document(s): PDF, JPEG or PNG, read by the server from the content. */
export function ResultFilesField(props: {
  files: AttachedFile[];
  onChange: (files: AttachedFile[]) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Form.Item
      label={t('desk.resultFiles.field')}
      extra={t('desk.resultFiles.hint')}
      validateStatus={error ? 'error' : undefined}
      help={error ?? undefined}
    >
      <div data-testid="action-result-files">
        <Upload
          accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
          disabled={props.disabled || uploading}
          showUploadList={{ showRemoveIcon: true }}
          fileList={props.files.map((f) => ({ uid: f.uploadId, name: f.fileName, status: 'done' as const }))}
          onRemove={(f) => props.onChange(props.files.filter((x) => x.uploadId !== f.uid))}
          customRequest={({ file }) => {
            setUploading(true);
            setError(null);
            upload(file as File)
              .then((u) => props.onChange([...props.files, { uploadId: u.id, fileName: u.fileName }]))
              .catch((err: unknown) => setError(deskErrorMessage(t, err)))
              .finally(() => setUploading(false));
          }}
        >
          <Button loading={uploading} data-testid="action-result-file-add">
            {t('desk.resultFiles.add')}
          </Button>
        </Upload>
      </div>
    </Form.Item>
  );
}

/** The files of the case's result, to open. */
export function ResultFileLinks({ c }: { c: Pick<CaseView, 'id' | 'resultFiles'> }) {
  const { t, i18n } = useTranslation();
  if (c.resultFiles.length === 0) return null;
  return (
    <List
      size="small"
      data-testid="case-result-files"
      dataSource={c.resultFiles}
      renderItem={(f) => (
        <List.Item key={f.id}>
          <a href={resultFileUrl(c.id, f.id)} target="_blank" rel="noopener noreferrer" data-testid="case-result-file">
            {t(`desk.resultFiles.kind.${f.kind}`)} · {f.fileName}
          </a>
          <Typography.Text type="secondary">{formatSize(f.size, i18n.language)}</Typography.Text>
        </List.Item>
      )}
    />
  );
}
