import { Card } from 'antd';
import { lazy, Suspense } from 'react';

// ECharts is loaded with the reports only, not with every page of the application.
const ReportsDashboard = lazy(() => import('./ReportsDashboard'));

/** The reports tab of both CIO consoles. */
export function ReportsSection() {
  return (
    <Suspense fallback={<Card loading />}>
      <ReportsDashboard />
    </Suspense>
  );
}
