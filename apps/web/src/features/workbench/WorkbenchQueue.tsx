import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Input,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjsLib, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import type { operations } from '../../api/schema';
import { errorMessage } from '../../api/errors';
import { useSession } from '../../auth/session';
import { TIME_ZONE } from '../../components/format';
import { TimeLeft, useNow } from './TimeLeft';

type Task = Schemas['TaskDto'];
type TaskQuery = NonNullable<operations['TasksController_queue']['parameters']['query']>;

export const TABS = ['pending', 'mine', 'claimedByOthers', 'paused', 'awaitingApplicant', 'done'] as const;
export type Tab = (typeof TABS)[number];

/** What each tab lists: the same tasks GET /api/tasks/counts counts. */
const TAB_QUERY: Record<Tab, Partial<TaskQuery>> = {
  pending: { status: 'pending' },
  mine: { status: 'open', mine: 'true' },
  claimedByOthers: { status: 'claimed', claimedByOthers: 'true' },
  paused: { status: 'paused' },
  awaitingApplicant: { status: 'awaiting_applicant' },
  done: { status: 'completed' },
};

const PAGE_SIZE = 50;
const POLL_MS = 15_000;
const CARD_COLOURS: Record<string, string> = { warning: 'gold', yellow: 'orange', red: 'red' };

/**
 * The officer's queue: tabs with counts, filters, most urgent first, and "load more" keyset paging.
 * The tab and filters live in the URL, so a reload or the back button keeps them.
 */
export function WorkbenchQueue() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { session } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'pending';
  const serviceCode = params.get('service') ?? undefined;
  const dueBefore = params.get('dueBefore') ?? undefined;
  const overdue = params.get('overdue') === 'true';
  const urged = params.get('urged') === 'true';
  const kindParam = params.get('kind');
  const kind = kindParam === 'review' || kindParam === 'post_check' ? kindParam : undefined;
  const q = params.get('q') ?? '';
  const sort = params.get('sort') === 'created' ? 'created' : 'urgency';
  const [search, setSearch] = useState(q);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };

  const counts = useQuery({
    queryKey: ['task-counts'],
    queryFn: () => unwrap(api.GET('/api/tasks/counts')),
    refetchInterval: POLL_MS,
  });
  const services = useQuery({ queryKey: ['services'], queryFn: () => unwrap(api.GET('/api/services')) });

  const query: TaskQuery = {
    ...TAB_QUERY[tab],
    limit: PAGE_SIZE,
    sort,
    ...(serviceCode ? { serviceCode } : {}),
    ...(dueBefore ? { dueBefore } : {}),
    ...(overdue ? { overdue: 'true' } : {}),
    ...(urged ? { urged: 'true' } : {}),
    ...(kind ? { kind } : {}),
    ...(q ? { q } : {}),
  };
  const tasks = useInfiniteQuery({
    queryKey: ['tasks', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/tasks', { params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: POLL_MS,
  });
  const rows = tasks.data?.pages.flatMap((p) => p.items) ?? [];

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['tasks'] });
    void queryClient.invalidateQueries({ queryKey: ['task-counts'] });
  };
  const claim = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/tasks/{id}/claim', { params: { path: { id } } })),
    onSuccess: (task) => {
      void message.success(t('workbench.claimed'));
      refresh();
      void navigate(`/workbench/tasks/${task.id}`);
    },
    onError: (error) => {
      void message.error(errorMessage(t, error));
      refresh();
    },
  });
  const release = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/tasks/{id}/release', { params: { path: { id } } })),
    onSuccess: () => {
      void message.success(t('workbench.released'));
      refresh();
    },
    onError: (error) => void message.error(errorMessage(t, error)),
  });

  const me = session?.user.username;
  const filtered = Boolean(serviceCode || dueBefore || overdue || urged || kind || q);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space align="center" style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('workbench.title')}
        </Typography.Title>
        <Button onClick={refresh} data-testid="refresh">
          {t('workbench.refresh')}
        </Button>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(key) => update({ tab: key === 'pending' ? undefined : key })}
        items={TABS.map((key) => ({
          key,
          label: (
            <span data-testid={`tab-${key}`}>
              {t(`workbench.tabs.${key}`)}{' '}
              <Badge
                count={counts.data?.[key] ?? 0}
                showZero
                overflowCount={9999}
                color={key === 'mine' ? '#1d4ed8' : '#8c8c8c'}
              />
            </span>
          ),
        }))}
      />
      <Card size="small" title={t('workbench.filters.label')}>
        <Space wrap size="middle" align="end">
          <Space orientation="vertical" size={2}>
            <label htmlFor="filter-search">{t('workbench.filters.search')}</label>
            <Input.Search
              id="filter-search"
              allowClear
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                if (e.target.value === '') update({ q: undefined });
              }}
              onSearch={(value) => update({ q: value.trim() || undefined })}
              style={{ width: 280 }}
            />
          </Space>
          <Space orientation="vertical" size={2}>
            <label htmlFor="filter-service">{t('workbench.filters.service')}</label>
            <Select
              id="filter-service"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('workbench.filters.allServices')}
              value={serviceCode}
              onChange={(value?: string) => update({ service: value })}
              style={{ width: 220 }}
              options={(services.data ?? []).filter((s) => s.published).map((s) => ({ value: s.code, label: s.name }))}
            />
          </Space>
          <Space orientation="vertical" size={2}>
            <label htmlFor="filter-due-before">{t('workbench.filters.dueBefore')}</label>
            <DatePicker
              id="filter-due-before"
              value={dueBefore ? dayjsOf(dueBefore) : null}
              onChange={(value: Dayjs | null) =>
                // The end of that day in Beijing time, whatever the browser's zone.
                update({
                  dueBefore: value
                    ? dayjsLib.tz(value.format('YYYY-MM-DD'), TIME_ZONE).endOf('day').toISOString()
                    : undefined,
                })
              }
            />
          </Space>
          <Checkbox checked={overdue} onChange={(e) => update({ overdue: e.target.checked ? 'true' : undefined })}>
            {t('workbench.filters.overdue')}
          </Checkbox>
          <Checkbox checked={urged} onChange={(e) => update({ urged: e.target.checked ? 'true' : undefined })}>
            {t('workbench.filters.urged')}
          </Checkbox>
          <Space orientation="vertical" size={2}>
            <label htmlFor="filter-kind">{t('workbench.filters.kind')}</label>
            <Select
              id="filter-kind"
              data-testid="filter-kind"
              value={kind ?? 'all'}
              onChange={(value: string) => update({ kind: value === 'all' ? undefined : value })}
              style={{ width: 160 }}
              options={[
                { value: 'all', label: t('workbench.filters.allKinds') },
                { value: 'review', label: t('taskKind.review') },
                { value: 'post_check', label: t('taskKind.post_check') },
              ]}
            />
          </Space>
          <Space orientation="vertical" size={2}>
            <label htmlFor="filter-sort">{t('workbench.filters.sort')}</label>
            <Select
              id="filter-sort"
              value={sort}
              onChange={(value: string) => update({ sort: value === 'created' ? 'created' : undefined })}
              style={{ width: 160 }}
              options={[
                { value: 'urgency', label: t('workbench.filters.sortUrgency') },
                { value: 'created', label: t('workbench.filters.sortCreated') },
              ]}
            />
          </Space>
          {filtered ? (
            <Button
              onClick={() => {
                setSearch('');
                update({
                  service: undefined,
                  dueBefore: undefined,
                  overdue: undefined,
                  urged: undefined,
                  kind: undefined,
                  q: undefined,
                });
              }}
            >
              {t('workbench.filters.reset')}
            </Button>
          ) : null}
        </Space>
      </Card>
      {tasks.error ? <Alert type="error" title={errorMessage(t, tasks.error)} showIcon /> : null}
      <Table<Task>
        rowKey="id"
        size="small"
        loading={tasks.isLoading}
        pagination={false}
        scroll={{ x: true }}
        dataSource={rows}
        data-testid="task-table"
        locale={{ emptyText: t('common.empty') }}
        rowClassName={(task) => `task-row task-${task.status}`}
        columns={[
          {
            title: t('workbench.columns.number'),
            dataIndex: 'applicationNumber',
            render: (number: string, task) => <Link to={`/cases/${task.applicationId}`}>{number}</Link>,
          },
          { title: t('workbench.columns.enterprise'), dataIndex: 'enterpriseName' },
          {
            title: t('workbench.columns.service'),
            dataIndex: 'serviceCode',
            render: (code: string) => services.data?.find((s) => s.code === code)?.name ?? code,
          },
          { title: t('workbench.columns.step'), dataIndex: 'stepKey' },
          {
            title: t('workbench.columns.status'),
            dataIndex: 'status',
            render: (status: string, task) => (
              <Space size={4} wrap>
                {task.kind === 'post_check' ? <Tag color="geekblue">{t('taskKind.post_check')}</Tag> : null}
                <Tag>{t(`taskStatus.${status}`)}</Tag>
                {task.pause ? <Tag color="gold">{t(`pauseReason.${task.pause.reason}`)}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('workbench.columns.timeLeft'),
            key: 'timeLeft',
            render: (_: unknown, task) => <TimeLeft task={task} now={now} />,
          },
          {
            title: t('workbench.columns.flags'),
            key: 'flags',
            render: (_: unknown, task) => (
              <Space size={4} wrap>
                {task.cards.map((c) => (
                  <Tag key={c.level} color={CARD_COLOURS[c.level]}>
                    {t(`card.${c.level}`)}
                  </Tag>
                ))}
                {task.urges.length > 0 ? (
                  <Tag color="magenta" title={task.urges.map((u) => u.message).join('\n')}>
                    {t('workbench.urges', { count: task.urges.length })}
                  </Tag>
                ) : null}
              </Space>
            ),
          },
          { title: t('workbench.columns.assignee'), dataIndex: 'assignee', render: (a: string | null) => a ?? '—' },
          {
            title: t('workbench.columns.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_: unknown, task) => (
              <Space size={4}>
                {task.status === 'pending' ? (
                  <Button
                    size="small"
                    type="primary"
                    loading={claim.isPending && claim.variables === task.id}
                    onClick={() => claim.mutate(task.id)}
                    data-testid={`claim-${task.applicationNumber}`}
                    aria-label={`${t('workbench.claim')} ${task.applicationNumber}`}
                  >
                    {t('workbench.claim')}
                  </Button>
                ) : null}
                {task.assignee === me && (task.status === 'claimed' || task.status === 'paused') ? (
                  <Link to={`/workbench/tasks/${task.id}`} data-testid={`open-${task.applicationNumber}`}>
                    {t('workbench.open')}
                  </Link>
                ) : (
                  <Link to={`/workbench/tasks/${task.id}`}>{t('workbench.view')}</Link>
                )}
                {task.assignee === me && task.status === 'claimed' ? (
                  <Button
                    size="small"
                    loading={release.isPending && release.variables === task.id}
                    onClick={() => release.mutate(task.id)}
                    aria-label={`${t('workbench.release')} ${task.applicationNumber}`}
                  >
                    {t('workbench.release')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Space>
        <Typography.Text type="secondary" data-testid="shown">
          {filtered || counts.data === undefined
            ? t('workbench.shown', { shown: rows.length })
            : t('workbench.shownOf', { shown: rows.length, total: counts.data[tab] })}
        </Typography.Text>
        {tasks.hasNextPage ? (
          <Button onClick={() => void tasks.fetchNextPage()} loading={tasks.isFetchingNextPage} data-testid="load-more">
            {t('common.loadMore')}
          </Button>
        ) : null}
      </Space>
    </Space>
  );
}

function dayjsOf(value: string): Dayjs | null {
  const parsed = dayjsLib(value);
  return parsed.isValid() ? dayjsLib(parsed.tz(TIME_ZONE).format('YYYY-MM-DD')) : null;
}
