import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage, fieldProblems, problemMessage } from '../../api/errors';
import { formatDateTime } from '../../components/format';
import { MaterialUpload } from '../../components/MaterialUpload';

type Deferred = Schemas['DeferredMaterialDto'];
type MaterialRequirement = { code: string; name: string; fileTypes?: string[]; maxBytes?: number };

const STATUS_COLOURS: Record<Deferred['status'], string> = { pending: 'orange', supplied: 'green', overdue: 'red' };

/**
 * The materials a case deferred at filing (容缺受理): each with its deadline and whether it arrived.
 * The enterprise supplies a pending one here (upload, then hand it to the case); a department sees
 * which of its steps wait for which material, and until when.
 */
export function DeferredMaterials({
  applicationId,
  serviceCode,
  deferred,
  requirements,
  canSupply,
  departmentName,
  stepDepartment,
}: {
  applicationId: string;
  serviceCode: string;
  deferred: Deferred[];
  /** The materials' file rules in the version the case runs on. */
  requirements: MaterialRequirement[];
  canSupply: boolean;
  departmentName: (code: string) => string;
  stepDepartment: (stepKey: string) => string;
}) {
  const { t } = useTranslation();
  if (deferred.length === 0) return null;
  const pending = deferred.some((d) => d.status === 'pending');
  return (
    <Card title={t('apply.deferredTitle')} data-testid="deferred-materials">
      {canSupply && pending ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('apply.deferredPendingHint')} />
      ) : null}
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={deferred}
        columns={[
          { title: t('apply.materialsTitle'), dataIndex: 'name' },
          {
            title: t('apply.deferredNeededBy'),
            dataIndex: 'stepKeys',
            render: (stepKeys: string[]) => stepKeys.map((k) => departmentName(stepDepartment(k))).join('、'),
          },
          {
            title: t('apply.deferredDueAt'),
            dataIndex: 'dueAt',
            render: (dueAt: string | null) => formatDateTime(dueAt),
          },
          {
            title: t('apply.status'),
            dataIndex: 'status',
            render: (status: Deferred['status'], material) => (
              <Space orientation="vertical" size={4} data-testid={`deferred-${material.code}`}>
                <Tag color={STATUS_COLOURS[status]}>{t(`apply.deferredStatus_${status}`)}</Tag>
                {material.suppliedAt ? (
                  <Typography.Text type="secondary">{formatDateTime(material.suppliedAt)}</Typography.Text>
                ) : null}
                {canSupply && status === 'pending' ? (
                  <SupplyMaterial
                    applicationId={applicationId}
                    serviceCode={serviceCode}
                    material={requirements.find((r) => r.code === material.code) ?? material}
                  />
                ) : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** Upload a file for the material, then hand it to the case. */
function SupplyMaterial({
  applicationId,
  serviceCode,
  material,
}: {
  applicationId: string;
  serviceCode: string;
  material: MaterialRequirement;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const supply = useMutation({
    mutationFn: (fileId: string) =>
      unwrap(
        api.POST('/api/applications/{id}/materials', {
          params: { path: { id: applicationId } },
          body: { code: material.code, fileId },
        }),
      ),
    onSuccess: () => {
      void message.success(t('apply.deferredSupplied', { name: material.name }));
      void queryClient.invalidateQueries({ queryKey: ['application', applicationId] });
    },
  });
  const problems = fieldProblems(supply.error);
  return (
    <Space orientation="vertical" size={4}>
      <MaterialUpload
        serviceCode={serviceCode}
        material={material}
        value={undefined}
        onChange={(file) => {
          if (file) supply.mutate(file.id);
        }}
      />
      {supply.error ? (
        <Alert
          type="error"
          showIcon
          data-testid={`supply-error-${material.code}`}
          title={errorMessage(t, supply.error)}
          description={problems.length ? problems.map((p) => problemMessage(t, p)).join('\n') : undefined}
        />
      ) : null}
    </Space>
  );
}

/** What the officer sees on a task whose step waits for deferred materials: why approval is blocked. */
export function BlockedApproval({ stepKey, deferred }: { stepKey: string; deferred: Deferred[] }) {
  const { t } = useTranslation();
  const missing = deferred.filter((d) => d.stepKeys.includes(stepKey) && d.status !== 'supplied');
  if (missing.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="approval-blocked"
      title={t('workbench.approvalBlocked')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {missing.map((m) => (
            <li key={m.code}>{t('workbench.approvalBlockedItem', { name: m.name, dueAt: formatDateTime(m.dueAt) })}</li>
          ))}
        </ul>
      }
    />
  );
}
