import { useQuery } from '@tanstack/react-query';
import { Card, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { DepartmentRatings } from '../ratings/DepartmentRatings';
import { ReportsSection } from '../reports/ReportsSection';
import { ChangeLog } from './ChangeLog';
import { DepartmentPhrases } from './DepartmentPhrases';
import { DepartmentSteps } from './DepartmentSteps';
import { DepartmentTasks } from './DepartmentTasks';

/**
 * The department CIO's console: the queue and reassignment, the department's steps, the officers'
 * opinion phrases, the enterprises' ratings with the low ones to answer, the steps' audit trail, and the department's own bottleneck reports.
 */
export function DepartmentConsole() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const departmentCode = session?.user.departmentCode ?? '';
  const tab = params.get('tab') ?? 'tasks';
  return (
    <>
      <Typography.Title level={2}>{t('console.departmentTitle')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key })}
        items={[
          { key: 'tasks', label: t('console.tabs.tasks'), children: <DepartmentTasks /> },
          {
            key: 'steps',
            label: t('console.tabs.steps'),
            children: <DepartmentSteps departmentCode={departmentCode} />,
          },
          { key: 'reports', label: t('reports.tab'), children: <ReportsSection /> },
          { key: 'phrases', label: t('console.tabs.phrases'), children: <DepartmentPhrases /> },
          { key: 'ratings', label: t('ratings.tab'), children: <DepartmentRatings /> },
          {
            key: 'changes',
            label: t('console.tabs.changes'),
            children: <DepartmentChanges departmentCode={departmentCode} />,
          },
        ]}
      />
    </>
  );
}

/** The audit trail of the department's steps, service by service. */
function DepartmentChanges({ departmentCode }: { departmentCode: string }) {
  const list = useQuery({ queryKey: ['services'], queryFn: () => unwrap(api.GET('/api/services')) });
  const services = (list.data ?? []).filter((s) =>
    (s.draft?.steps ?? s.published?.steps ?? []).some((step) => step.departmentCode === departmentCode),
  );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {services.map((service) => (
        <Card key={service.code} size="small" title={service.name}>
          <ChangeLog
            serviceCode={service.code}
            stepKeys={(service.draft?.steps ?? service.published?.steps ?? [])
              .filter((s) => s.departmentCode === departmentCode)
              .map((s) => s.key)}
          />
        </Card>
      ))}
    </Space>
  );
}
