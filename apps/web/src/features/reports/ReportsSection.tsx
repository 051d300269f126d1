import { Card, Tabs } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AlertList } from './AlertList';
import { LatestWeekly } from './LatestWeekly';
import { Thresholds } from './Thresholds';

// ECharts is loaded with the reports only, not with every page of the application.
const ReportsDashboard = lazy(() => import('./ReportsDashboard'));
const WeeklyReports = lazy(() => import('./WeeklyReports'));

const VIEWS = ['live', 'weekly', 'alerts', 'thresholds'] as const;
type View = (typeof VIEWS)[number];

/**
 * The reports tab of both CIO consoles: the live dashboard over any period, the weekly reports
 * filed every Monday with the alerts they raised, and the thresholds behind the alerts. The view
 * and the open weekly report live in the address, so a link (from an alert, or the inbox) opens it.
 */
export function ReportsSection() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('view');
  const view: View = VIEWS.includes(requested as View) ? (requested as View) : 'live';
  const lazily = (children: ReactNode) => <Suspense fallback={<Card loading />}>{children}</Suspense>;
  return (
    <Tabs
      size="small"
      activeKey={view}
      // Only the console's tab is kept: the live period or an open report belongs to the view left.
      onChange={(key) =>
        setParams((current) => ({ ...(current.get('tab') ? { tab: current.get('tab')! } : {}), view: key }))
      }
      destroyOnHidden
      items={[
        {
          key: 'live',
          label: t('reports.views.live'),
          children: (
            <>
              <LatestWeekly />
              {lazily(<ReportsDashboard />)}
            </>
          ),
        },
        { key: 'weekly', label: t('reports.views.weekly'), children: lazily(<WeeklyReports />) },
        { key: 'alerts', label: t('reports.views.alerts'), children: <AlertList /> },
        { key: 'thresholds', label: t('reports.views.thresholds'), children: <Thresholds /> },
      ]}
    />
  );
}
