import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { ReportsSection } from '../reports/ReportsSection';
import { AllApplications } from './AllApplications';
import { CalendarYear } from './CalendarYear';
import { ServiceList } from './ServiceList';

/** The coordinating CIO's console: services and routes, every application, the calendar, the bottleneck reports. */
export function CoordinationConsole() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'services';
  return (
    <>
      <Typography.Title level={2}>{t('console.coordinationTitle')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key })}
        items={[
          { key: 'services', label: t('console.tabs.services'), children: <ServiceList /> },
          { key: 'applications', label: t('console.tabs.applications'), children: <AllApplications /> },
          { key: 'reports', label: t('reports.tab'), children: <ReportsSection /> },
          {
            key: 'calendar',
            label: t('console.tabs.calendar'),
            children: <CalendarYear editable={session?.user.role === 'admin'} />,
          },
        ]}
      />
    </>
  );
}
