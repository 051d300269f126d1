import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Drawer, List, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { useSession } from '../auth/session';
import { formatDateTime } from './format';

const INBOX_POLL_MS = 15_000;

/** The reports view a weekly delivery opens: the filed reports, or the alerts. */
function reportView(kind: string): 'weekly' | 'alerts' | undefined {
  return kind === 'weekly_report' ? 'weekly' : kind === 'report_alert' ? 'alerts' : undefined;
}

/** The bell with the unread count, and the drawer that lists and marks notifications read. */
export function Inbox() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useQuery({
    queryKey: ['notifications', unreadOnly, i18n.language],
    queryFn: () => unwrap(api.GET('/api/notifications', { params: { query: { unreadOnly, limit: 50 } } })),
    refetchInterval: INBOX_POLL_MS,
  });
  const markRead = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const unread = inbox.data?.unreadCount ?? 0;
  // The weekly report and its alerts are read in the CIO's own console.
  const role = session?.user.role;
  const consolePath = role === 'coord_cio' ? '/coordination' : role === 'dept_cio' ? '/department' : undefined;

  return (
    <>
      <Badge count={unread} size="small" offset={[-4, 4]} data-testid="inbox-badge">
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={`${t('inbox.title')}: ${t('inbox.unread', { count: unread })}`}
          data-testid="inbox-button"
          onClick={() => setOpen(true)}
          style={{ color: '#fff' }}
        />
      </Badge>
      <Drawer
        title={t('inbox.title')}
        open={open}
        onClose={() => setOpen(false)}
        size="large"
        extra={
          <Space>
            <label htmlFor="inbox-unread-only">{t('inbox.unreadOnly')}</label>
            <Switch id="inbox-unread-only" checked={unreadOnly} onChange={setUnreadOnly} />
          </Space>
        }
      >
        <List
          loading={inbox.isLoading}
          locale={{ emptyText: t('inbox.empty') }}
          dataSource={inbox.data?.items ?? []}
          renderItem={(item) => (
            <List.Item
              data-testid="inbox-item"
              actions={
                item.readAt
                  ? []
                  : [
                      <Button key="read" size="small" onClick={() => markRead.mutate(item.id)}>
                        {t('inbox.markRead')}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    {item.urgent ? <Tag color="red">{t('inbox.urgent')}</Tag> : null}
                    <Typography.Text strong={!item.readAt}>{item.title}</Typography.Text>
                  </Space>
                }
                description={
                  <>
                    <div>{item.body}</div>
                    <Typography.Text type="secondary">{formatDateTime(item.createdAt)}</Typography.Text>
                    {reportView(item.kind) && consolePath ? (
                      <>
                        {' · '}
                        <Link
                          to={`${consolePath}?tab=reports&view=${reportView(item.kind)}`}
                          onClick={() => setOpen(false)}
                          style={{ textDecoration: 'underline' }}
                        >
                          {t(`inbox.open.${reportView(item.kind)}`)}
                        </Link>
                      </>
                    ) : null}
                    {item.applicationId ? (
                      <>
                        {' · '}
                        <Link
                          to={`/cases/${item.applicationId}`}
                          onClick={() => setOpen(false)}
                          // Underlined: among plain text a link must not be told by its colour alone.
                          style={{ textDecoration: 'underline' }}
                        >
                          {item.applicationId.slice(0, 8)}
                        </Link>
                      </>
                    ) : null}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Drawer>
    </>
  );
}
