import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Popconfirm, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { useSession } from '../../auth/session';
import { ChangeLog } from './ChangeLog';
import { useServiceDraft } from './DepartmentSteps';
import { ProblemList } from './ProblemList';
import { problemsOf, type Problem } from './problems';
import { RouteForm } from './RouteForm';
import { VersionCompare } from './VersionCompare';

/** One service for the coordinating CIO: its route, publishing, versions and diff, its audit trail. */
export function ServiceEditor() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const queryClient = useQueryClient();
  const service = useServiceDraft(code);
  // Routes, publishing and the audit trail are the coordinating CIO's; the administrator reads the rest.
  const canEdit = useSession().session?.user.role === 'coord_cio';
  const [publishFailure, setPublishFailure] = useState<{ error: unknown; problems: Problem[] } | null>(null);
  // The outcome stays on screen until the next attempt: a toast alone is easily missed.
  const [publishedVersion, setPublishedVersion] = useState<number | null>(null);
  const publish = useMutation({
    mutationFn: () => unwrap(api.POST('/api/services/{code}/publish', { params: { path: { code } } })),
    onSuccess: (result) => {
      setPublishFailure(null);
      setPublishedVersion(result.version);
      void queryClient.invalidateQueries({ queryKey: ['services'] });
      void queryClient.invalidateQueries({ queryKey: ['versions', code] });
      void queryClient.invalidateQueries({ queryKey: ['changes', code] });
    },
    onError: (error) => {
      setPublishedVersion(null);
      setPublishFailure({ error, problems: problemsOf(error) });
    },
  });

  if (service.error) return <Alert type="error" title={errorMessage(t, service.error)} showIcon />;
  if (!service.data) return <Spin />;
  const { draft } = service.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Link to="/coordination?tab=services">← {t('console.services.back')}</Link>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('console.services.editorTitle', { name: service.data.name })}
      </Typography.Title>
      {draft ? <RouteForm code={code} draft={draft} readOnly={!canEdit} onReload={() => service.refetch()} /> : null}
      {canEdit ? (
        <Card size="small" title={t('console.services.publish')}>
          {publishFailure ? (
            <Alert
              type="error"
              showIcon
              data-testid="publish-problems"
              style={{ marginBottom: 12 }}
              title={
                publishFailure.problems.length
                  ? t('console.services.publishFailed', { count: publishFailure.problems.length })
                  : errorMessage(t, publishFailure.error)
              }
              description={
                publishFailure.problems.length ? <ProblemList problems={publishFailure.problems} /> : undefined
              }
            />
          ) : null}
          {publishedVersion !== null ? (
            <Alert
              type="success"
              showIcon
              data-testid="publish-result"
              style={{ marginBottom: 12 }}
              title={t('console.services.published_', { version: publishedVersion })}
            />
          ) : null}
          <Popconfirm
            title={t('console.services.publishConfirm')}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => publish.mutate()}
          >
            <Button type="primary" loading={publish.isPending} data-testid="publish">
              {t('console.services.publish')}
            </Button>
          </Popconfirm>
        </Card>
      ) : null}
      <Card size="small" title={t('console.versions.title')}>
        <VersionCompare code={code} />
      </Card>
      {canEdit ? (
        <Card size="small" title={t('console.tabs.changes')}>
          <ChangeLog serviceCode={code} />
        </Card>
      ) : null}
    </Space>
  );
}
