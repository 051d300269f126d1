import { useQuery } from '@tanstack/react-query';
import { Alert, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { snapshotSearch, useWeekWords } from './weekly-links';

/**
 * Above the live dashboard: the newest weekly report and how many alerts it raised, one click
 * away. What a CIO opening the reports on Monday morning came for. Nothing while there is none.
 */
export function LatestWeekly() {
  const { t } = useTranslation();
  const { session } = useSession();
  const weeks = useWeekWords();
  const ownDepartment = session?.user.role === 'dept_cio' ? session.user.departmentCode : undefined;
  const latest = useQuery({
    queryKey: ['reports', 'snapshots', 'latest', ownDepartment],
    queryFn: () => unwrap(api.GET('/api/reports/snapshots', { params: { query: { limit: 1 } } })),
  });
  const snapshot = latest.data?.items[0];
  if (!snapshot) return null;
  const week = weeks.ofSnapshot(snapshot.from, snapshot.to);
  return (
    <Alert
      data-testid="latest-weekly"
      // Info, not warning: the theme's darkened warning colour makes a dark background for links.
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      title={
        <Space wrap size={8}>
          <span>{t('reports.weekly.latest', { week: week.label, range: week.range })}</span>
          {snapshot.alertCount > 0 ? (
            <Tag color="red">{t('reports.weekly.alertCount', { count: snapshot.alertCount })}</Tag>
          ) : (
            <Tag>{t('reports.weekly.noAlerts')}</Tag>
          )}
          <Link to={snapshotSearch(snapshot.id)} style={{ textDecoration: 'underline' }}>
            {t('reports.weekly.open')}
          </Link>
        </Space>
      }
    />
  );
}
