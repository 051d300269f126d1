import type { StepConfig } from '@domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { useSession } from '../../auth/session';
import { FiledContent } from '../../components/FiledContent';
import { formatDateTime } from '../../components/format';
import { RouteDiagram } from '../../components/RouteDiagram';
import { UrgeModal } from '../../components/UrgeModal';
import { useDepartments } from '../../components/useDepartments';
import { CaseCertificates } from '../certificates/CaseCertificates';
import { CaseRatings } from '../ratings/CaseRatings';
import { DeferredMaterials } from './DeferredMaterials';
import { BasisTags, DepartmentProgress } from './DepartmentProgress';
import { StatusTag } from './StatusTag';
import { SupplementNotice } from './SupplementNotice';

type Step = Schemas['ApplicationStepDto'];

const CARD_COLOURS: Record<string, string> = { warning: 'gold', yellow: 'orange', red: 'red' };
const POLL_MS = 5_000;

/**
 * One case as each role may see it: its route with each department's status, due dates, clocks and
 * cards, what was filed (all of it for the enterprise and the coordinating CIO, a department's part
 * for its staff), and the full history. The enterprise answers the consolidated supplement notice or withdraws here; the
 * coordinating CIO urges a department on an open step.
 */
export function CaseView() {
  const { id = '' } = useParams();
  // Opened from the reports' stuck cases: the way back to the same list.
  const back = (useLocation().state as { back?: string } | null)?.back;
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const role = session?.user.role;
  const departments = useDepartments();
  const application = useQuery({
    queryKey: ['application', id],
    queryFn: () => unwrap(api.GET('/api/applications/{id}', { params: { path: { id } } })),
    refetchInterval: POLL_MS,
  });
  const [urging, setUrging] = useState<Step | null>(null);
  // The route's edges come from the version the case runs on.
  const route = useQuery({
    queryKey: ['version', application.data?.serviceCode, application.data?.serviceVersion],
    enabled: application.data !== undefined,
    staleTime: Infinity,
    queryFn: () =>
      unwrap(
        api.GET('/api/services/{code}/versions/{n}', {
          params: { path: { code: application.data!.serviceCode, n: application.data!.serviceVersion } },
        }),
      ),
  });

  if (application.error) return <Alert type="error" title={errorMessage(t, application.error)} showIcon />;
  const detail = application.data;
  if (!detail) return <Card loading />;
  const departmentName = (code: string) => {
    const d = departments.data?.find((x) => x.code === code);
    return d ? (i18n.language === 'en' ? d.nameEn : d.name) : code;
  };
  const open = detail.status === 'in_progress' || detail.status === 'awaiting_applicant';
  // The enterprise sees its own users by name and officers by their department only.
  const actorLabel = (actor: Schemas['EventActorDto'] | null) =>
    actor === null
      ? t('common.system')
      : (actor.username ?? (actor.departmentCode ? departmentName(actor.departmentCode) : t('common.system')));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {back ? <Link to={back}>← {t('reports.backToReports')}</Link> : null}
      <Space wrap align="center">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('apply.caseTitle', { number: detail.number })}
        </Typography.Title>
        <StatusTag status={detail.status} />
        {detail.overdue ? <Tag color="red">{t('common.overdue')}</Tag> : null}
      </Space>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered>
        <Descriptions.Item label={t('apply.service')}>{detail.serviceCode}</Descriptions.Item>
        <Descriptions.Item label={t('apply.filedAt')}>{formatDateTime(detail.filedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('apply.dueAt')}>
          {formatDateTime(detail.dueAt)} {detail.clock ? <Tag>{t(`clock.${detail.clock}`)}</Tag> : null}
        </Descriptions.Item>
      </Descriptions>
      {detail.status === 'terminated' ? (
        <Alert
          type="error"
          showIcon
          data-testid="terminated-reason"
          title={t('apply.terminatedNotice', {
            reason: terminationReason(detail.timeline),
          })}
        />
      ) : null}
      <DeferredMaterials
        applicationId={id}
        serviceCode={detail.serviceCode}
        deferred={detail.deferredMaterials}
        requirements={(route.data?.steps ?? []).flatMap((s) => (s.config as unknown as StepConfig).materials)}
        canSupply={role === 'applicant' && open}
        departmentName={departmentName}
        stepDepartment={(key) => detail.steps.find((s) => s.key === key)?.departmentCode ?? key}
      />
      {role === 'applicant' && route.data ? (
        <SupplementNotice
          applicationId={id}
          serviceCode={detail.serviceCode}
          configs={new Map(route.data.steps.map((s) => [s.key, s.config as Schemas['StepConfigDto']]))}
          departmentName={departmentName}
          awaiting={detail.status === 'awaiting_applicant'}
        />
      ) : null}
      <Card title={t('apply.steps')}>
        <RouteDiagram
          steps={detail.steps.map((s) => ({
            key: s.key,
            departmentCode: s.departmentCode,
            after: route.data?.steps.find((r) => r.key === s.key)?.after ?? [],
            status: s.status,
            excluded: s.status === 'skipped',
            highlighted: s.departmentCode === session?.user.departmentCode,
          }))}
        />
        {role === 'applicant' ? (
          <div style={{ marginTop: 16 }}>
            <DepartmentProgress steps={detail.steps} departmentName={departmentName} />
          </div>
        ) : (
          <Table
            style={{ marginTop: 16 }}
            rowKey="key"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={detail.steps}
            columns={[
              { title: t('apply.department'), dataIndex: 'departmentCode', render: departmentName },
              { title: t('apply.step'), dataIndex: 'key' },
              {
                title: t('apply.status'),
                dataIndex: 'status',
                render: (status: string, step) => (
                  <Space size={4} wrap>
                    <Tag>{t(`stepStatus.${status}`)}</Tag>
                    <BasisTags step={step} />
                    {step.pause ? <Tag color="gold">{t(`pauseReason.${step.pause.reason}`)}</Tag> : null}
                  </Space>
                ),
              },
              {
                title: t('common.dueAt'),
                dataIndex: 'dueAt',
                render: (dueAt: string | null, step) => (
                  <Space size={4} wrap>
                    {formatDateTime(dueAt)}
                    {step.clock ? <Tag>{t(`clock.${step.clock}`)}</Tag> : null}
                  </Space>
                ),
              },
              {
                title: t('apply.cards'),
                dataIndex: 'cards',
                render: (cards: Step['cards'], step) => (
                  <Space size={4} wrap>
                    {cards.map((c) => (
                      <Tag key={c.level} color={CARD_COLOURS[c.level]}>
                        {t(`card.${c.level}`)}
                      </Tag>
                    ))}
                    {step.urges.length > 0 ? (
                      <Tag color="magenta">{`${t('apply.urge')} ×${step.urges.length}`}</Tag>
                    ) : null}
                  </Space>
                ),
              },
              { title: t('apply.opinion'), dataIndex: 'opinion', render: (o: string | null) => o ?? '—' },
              ...(role === 'coord_cio'
                ? [
                    {
                      title: '',
                      key: 'urge',
                      render: (_: unknown, step: Step) =>
                        step.status === 'active' ? (
                          <Button size="small" onClick={() => setUrging(step)} data-testid={`urge-${step.key}`}>
                            {t('apply.urge')}
                          </Button>
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      {detail.status === 'approved' ? <CaseCertificates applicationId={id} /> : null}
      {role === 'applicant' && !open ? <CaseRatings applicationId={id} /> : null}
      <FiledContent detail={detail} />
      <Card title={t('apply.timeline')}>
        <Timeline
          items={detail.timeline.map((event) => ({
            key: event.id,
            content: (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>
                  {t(`eventKind.${event.kind}`)}
                  {event.stepKey ? ` · ${event.stepKey}` : ''}
                  {event.kind === 'decided' && event.data.basis === 'pledge' ? ` · ${t('basis.pledge')}` : ''}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {formatDateTime(event.at)} · {actorLabel(event.actor)}
                </Typography.Text>
              </Space>
            ),
          }))}
        />
      </Card>
      {role === 'applicant' && open ? <WithdrawButton applicationId={id} /> : null}
      <UrgeModal applicationId={id} stepKey={urging?.key ?? null} onClose={() => setUrging(null)} />
    </Space>
  );
}

/** Why the case was terminated, from its `terminated` event. */
function terminationReason(timeline: Schemas['ApplicationEventDto'][]): string {
  const reason = timeline.find((e) => e.kind === 'terminated')?.data.reason;
  return typeof reason === 'string' ? reason : '';
}

function WithdrawButton({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/applications/{id}/withdraw', { params: { path: { id: applicationId } }, body: { reason } }),
      ),
    onSuccess: () => {
      void message.success(t('apply.withdrawn'));
      void queryClient.invalidateQueries({ queryKey: ['application', applicationId] });
    },
    onError: (error) => void message.error(errorMessage(t, error)),
  });
  return (
    <Space wrap>
      <label htmlFor="withdraw-reason">{t('apply.withdrawReason')}</label>
      <Input id="withdraw-reason" value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 240 }} />
      <Button
        danger
        disabled={reason.trim() === ''}
        loading={withdraw.isPending}
        onClick={() => {
          modal.confirm({ title: t('apply.withdrawConfirm'), onOk: () => withdraw.mutateAsync() });
        }}
      >
        {t('apply.withdraw')}
      </Button>
    </Space>
  );
}
