import { acceptedFileTypes } from '@domain';
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Space, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { uploadMaterialFile, type Schemas } from '../api/client';
import { errorMessage, fieldProblems, problemMessage } from '../api/errors';
import { formatBytes } from './format';

export type UploadedFile = Schemas['UploadedFileDto'];

/**
 * One material's file: choose it, and it is uploaded at once for this material, so a wrong type
 * or size is said next to it (the server's check, from the bytes) rather than at the end. Shows the
 * kept file's name and size, or why it was refused.
 */
export function MaterialUpload({
  serviceCode,
  material,
  value,
  onChange,
}: {
  serviceCode: string;
  material: { code: string; name: string; fileTypes?: string[]; maxBytes?: number };
  value: UploadedFile | undefined;
  onChange: (file: UploadedFile | undefined) => void;
}) {
  const { t } = useTranslation();
  const upload = useMutation({
    mutationFn: (file: File) => uploadMaterialFile(serviceCode, material.code, file),
    onSuccess: (file) => onChange(file),
  });
  const types = acceptedFileTypes(material);
  const problems = fieldProblems(upload.error);
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid={`material-upload-${material.code}`}>
      <Space wrap>
        <Upload
          accept={types.map((type) => `.${type}`).join(',')}
          showUploadList={false}
          // Uploaded by the mutation above (with the session's token), not by antd's own request.
          beforeUpload={(file) => {
            upload.mutate(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid={`choose-file-${material.code}`}>
            {value ? t('files.replace') : t('files.choose')}
          </Button>
        </Upload>
        <Typography.Text type="secondary">
          {t('files.accepts', { types: types.join(', ') })}
          {material.maxBytes !== undefined ? t('files.upTo', { size: formatBytes(material.maxBytes) }) : ''}
        </Typography.Text>
      </Space>
      {value ? (
        <Space data-testid={`uploaded-${material.code}`}>
          <PaperClipOutlined />
          <span>{value.name}</span>
          <Typography.Text type="secondary">{formatBytes(value.size)}</Typography.Text>
          <Button
            size="small"
            type="text"
            icon={<DeleteOutlined />}
            aria-label={t('files.remove', { name: value.name })}
            onClick={() => {
              upload.reset();
              onChange(undefined);
            }}
          />
        </Space>
      ) : null}
      {upload.error ? (
        <Alert
          type="error"
          showIcon
          data-testid={`upload-error-${material.code}`}
          title={errorMessage(t, upload.error)}
          description={problems.length ? problems.map((p) => problemMessage(t, p)).join('\n') : undefined}
        />
      ) : null}
    </Space>
  );
}
