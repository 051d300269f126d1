import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { useSession } from '../../auth/session';
import { FiledContent } from '../../components/FiledContent';
import { formatDateTime } from '../../components/format';
import { useDepartments } from '../../components/useDepartments';
import { SupplementItemsField, TaskNotices, useStepConfig } from './SupplementItems';
import { TimeLeft, useNow } from './TimeLeft';
import { BlockedApproval } from '../apply/DeferredMaterials';

type Task = Schemas['TaskDetailDto'];
type StepConfig = Schemas['StepConfigDto'];
type Decision = Schemas['DecisionRequestDto'];

const DECISIONS = ['approve', 'reject', 'request_supplement'] as const;
const PAUSE_REASONS = ['inspection', 'expert_review', 'hearing', 'testing', 'other'] as const;
const isPauseReason = (value: unknown): value is (typeof PAUSE_REASONS)[number] =>
  typeof value === 'string' && (PAUSE_REASONS as readonly string[]).includes(value);
const CARD_COLOURS: Record<string, string> = { warning: 'gold', yellow: 'orange', red: 'red' };
const POLL_MS = 10_000;

/**
 * One task as its officer works it: the case in brief, what the enterprise filed for this
 * department (this step's part marked), every department's step and decision, this step's history,
 * and for the holder the decision, pause and resume.
 */
export function TaskView() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const now = useNow();
  const departments = useDepartments();
  const task = useQuery({
    queryKey: ['task', id],
    queryFn: () => unwrap(api.GET('/api/tasks/{id}', { params: { path: { id } } })),
    refetchInterval: POLL_MS,
  });
  const applicationId = task.data?.applicationId;
  const application = useQuery({
    queryKey: ['application', applicationId],
    enabled: applicationId !== undefined,
    queryFn: () => unwrap(api.GET('/api/applications/{id}', { params: { path: { id: applicationId! } } })),
    refetchInterval: POLL_MS,
  });
  const services = useQuery({ queryKey: ['services'], queryFn: () => unwrap(api.GET('/api/services')) });
  const stepConfig = useStepConfig(application.data, task.data?.stepKey ?? '');

  if (task.error) return <Alert type="error" title={errorMessage(t, task.error)} showIcon />;
  const current = task.data;
  if (!current) return <Card loading />;
  const detail = application.data;
  const departmentName = (code: string) => {
    const d = departments.data?.find((x) => x.code === code);
    return d ? (i18n.language === 'en' ? d.nameEn : d.name) : code;
  };
  const mine = current.assignee === session?.user.username;
  const history = (detail?.timeline ?? []).filter((e) => e.stepKey === current.stepKey);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/workbench">← {t('workbench.task.backToQueue')}</Link>
      <Space wrap align="center">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('workbench.task.title', { number: current.applicationNumber })}
        </Typography.Title>
        {current.kind === 'post_check' ? (
          <Tag color="geekblue" data-testid="task-kind">
            {t('taskKind.post_check')}
          </Tag>
        ) : null}
        <Tag>{t(`taskStatus.${current.status}`)}</Tag>
        <TimeLeft task={current} now={now} />
        {current.cards.map((c) => (
          <Tag key={c.level} color={CARD_COLOURS[c.level]}>
            {t(`card.${c.level}`)}
          </Tag>
        ))}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card
              title={t('workbench.task.summary')}
              extra={<Link to={`/cases/${current.applicationId}`}>{t('workbench.task.openCase')}</Link>}
            >
              <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
                <Descriptions.Item label={t('workbench.task.enterprise')}>{current.enterpriseName}</Descriptions.Item>
                <Descriptions.Item label={t('workbench.task.service')}>
                  {services.data?.find((s) => s.code === current.serviceCode)?.name ?? current.serviceCode}
                </Descriptions.Item>
                <Descriptions.Item label={t('workbench.task.step')}>{current.stepKey}</Descriptions.Item>
                <Descriptions.Item label={t('workbench.task.round')}>{current.round}</Descriptions.Item>
                <Descriptions.Item label={t('workbench.task.assignee')}>{current.assignee ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('workbench.task.dueAt')}>
                  {formatDateTime(current.dueAt)} <Tag>{t(`clock.${current.clock}`)}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('workbench.task.filedAt')}>
                  {formatDateTime(detail?.filedAt)}
                </Descriptions.Item>
                {current.pause ? (
                  <Descriptions.Item label={t('workbench.task.pause')}>
                    {t(`pauseReason.${current.pause.reason}`)} · {formatDateTime(current.pause.since)}
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            </Card>
            {detail && current.status !== 'completed' && current.status !== 'cancelled' ? (
              <BlockedApproval stepKey={current.stepKey} deferred={detail.deferredMaterials} />
            ) : null}
            <EnterpriseRecordCard taskId={current.id} />
            {current.urges.length > 0 ? (
              <Card title={t('workbench.task.urgesTitle')} size="small">
                {current.urges.map((u) => (
                  <Alert
                    key={u.id}
                    type="warning"
                    style={{ marginBottom: 8 }}
                    title={u.message}
                    description={`${formatDateTime(u.at)} · ${u.by}`}
                  />
                ))}
              </Card>
            ) : null}
            <TaskNotices notices={current.notices} stepKey={current.stepKey} />
            {detail ? <FiledContent detail={detail} ownStepKey={current.stepKey} size="small" /> : null}
            <Card title={t('workbench.task.otherSteps')} size="small">
              {application.error ? <Alert type="error" title={errorMessage(t, application.error)} showIcon /> : null}
              <Table
                rowKey="key"
                size="small"
                pagination={false}
                scroll={{ x: true }}
                loading={application.isLoading}
                dataSource={detail?.steps ?? []}
                rowClassName={(s) => (s.key === current.stepKey ? 'ant-table-row-selected' : '')}
                columns={[
                  { title: t('workbench.task.department'), dataIndex: 'departmentCode', render: departmentName },
                  { title: t('workbench.columns.step'), dataIndex: 'key' },
                  {
                    title: t('workbench.task.stepStatus'),
                    dataIndex: 'status',
                    render: (status: string) => <Tag>{t(`stepStatus.${status}`)}</Tag>,
                  },
                  {
                    title: t('workbench.task.opinion'),
                    dataIndex: 'opinion',
                    render: (o: string | null) => o ?? '—',
                  },
                  {
                    title: t('workbench.task.decidedAt'),
                    dataIndex: 'decidedAt',
                    render: (d: string | null) => formatDateTime(d),
                  },
                ]}
              />
            </Card>
            <Card title={t('workbench.task.history')} size="small">
              {history.length === 0 ? (
                <Typography.Text type="secondary">{t('workbench.task.noHistory')}</Typography.Text>
              ) : (
                <Timeline
                  items={history.map((event) => ({
                    key: event.id,
                    content: (
                      <Space orientation="vertical" size={0}>
                        <Typography.Text strong>
                          {t(`eventKind.${event.kind}`)}
                          {event.kind === 'paused' && isPauseReason(event.data.reason)
                            ? ` · ${t(`pauseReason.${event.data.reason}`)}`
                            : ''}
                        </Typography.Text>
                        {typeof event.data.opinion === 'string' ? (
                          <Typography.Text>{event.data.opinion}</Typography.Text>
                        ) : null}
                        {typeof event.data.message === 'string' ? (
                          <Typography.Text>{event.data.message}</Typography.Text>
                        ) : null}
                        <Typography.Text type="secondary">
                          {formatDateTime(event.at)} · {event.actor ? event.actor.username : t('common.system')}
                        </Typography.Text>
                      </Space>
                    ),
                  }))}
                />
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <ActionPanel task={current} mine={mine} stepConfig={stepConfig} />
        </Col>
      </Row>
    </Space>
  );
}

/** What the holder can do now; everyone else learns why they cannot. */
function ActionPanel({ task, mine, stepConfig }: { task: Task; mine: boolean; stepConfig: StepConfig | undefined }) {
  const { t } = useTranslation();
  if (task.status === 'pending') return <ClaimCard task={task} />;
  if (task.status === 'awaiting_applicant')
    return <Alert type="info" title={t('workbench.task.awaitingHint')} showIcon />;
  if (task.status !== 'claimed' && task.status !== 'paused') {
    return (
      <Alert
        type="info"
        title={t('workbench.task.closedHint')}
        showIcon
        action={
          <Link to="/workbench" data-testid="next-task">
            {t('workbench.task.nextTask')}
          </Link>
        }
      />
    );
  }
  if (!mine)
    return <Alert type="info" title={t('workbench.task.notYours', { assignee: task.assignee ?? '—' })} showIcon />;
  if (task.status === 'paused') return <ResumeCard task={task} />;
  if (task.kind === 'post_check') {
    return (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <PostCheckCard task={task} />
        <ReleaseButton task={task} />
      </Space>
    );
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <DecisionCard task={task} stepConfig={stepConfig} />
      <PauseCard task={task} />
      <ReleaseButton task={task} />
    </Space>
  );
}

function useTaskAction(task: Task, success: string) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Decision) =>
      unwrap(api.POST('/api/tasks/{id}/decision', { params: { path: { id: task.id } }, body })),
    onSuccess: () => {
      void message.success(success);
      void queryClient.invalidateQueries({ queryKey: ['task', task.id] });
      void queryClient.invalidateQueries({ queryKey: ['application', task.applicationId] });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      void queryClient.invalidateQueries({ queryKey: ['task-counts'] });
      // A failed post-check adds to the enterprise's record.
      void queryClient.invalidateQueries({ queryKey: ['enterprise-record'] });
    },
  });
}

function ClaimCard({ task }: { task: Task }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const claim = useMutation({
    mutationFn: () => unwrap(api.POST('/api/tasks/{id}/claim', { params: { path: { id: task.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['task', task.id] });
      void queryClient.invalidateQueries({ queryKey: ['task-counts'] });
    },
  });
  return (
    <Card>
      <Typography.Paragraph>{t('workbench.task.pendingHint')}</Typography.Paragraph>
      {claim.error ? (
        <Alert type="error" title={errorMessage(t, claim.error)} showIcon style={{ marginBottom: 8 }} />
      ) : null}
      <Button type="primary" loading={claim.isPending} onClick={() => claim.mutate()} data-testid="task-claim">
        {t('workbench.claim')}
      </Button>
    </Card>
  );
}

function DecisionCard({ task, stepConfig }: { task: Task; stepConfig: StepConfig | undefined }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ outcome: (typeof DECISIONS)[number]; opinion: string; items?: Decision['items'] }>();
  const outcome = Form.useWatch('outcome', form);
  const decide = useTaskAction(task, t('workbench.task.decided'));
  return (
    <Card title={t('workbench.task.decide')} data-testid="decision-card">
      <Form
        form={form}
        name="decision"
        layout="vertical"
        initialValues={{ outcome: 'approve' }}
        onFinish={(values) => {
          modal.confirm({
            title: t('workbench.task.confirmDecision', { outcome: t(`outcome.${values.outcome}`) }),
            onOk: () =>
              decide
                .mutateAsync({
                  outcome: values.outcome,
                  opinion: values.opinion.trim(),
                  ...(values.outcome === 'request_supplement' && values.items ? { items: values.items } : {}),
                })
                .catch(() => undefined),
          });
        }}
      >
        <Form.Item name="outcome" label={t('workbench.task.outcome')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={DECISIONS.map((o) => ({ value: o, label: t(`outcome.${o}`) }))} />
        </Form.Item>
        {outcome === 'request_supplement' ? <SupplementItemsField config={stepConfig} /> : null}
        <TemplatePicker
          id="decision-template"
          onPick={(phrase) =>
            form.setFieldValue('opinion', appendPhrase(form.getFieldValue('opinion') as string, phrase))
          }
        />
        <Form.Item
          name="opinion"
          label={t('workbench.task.opinionLabel')}
          rules={[{ required: true, whitespace: true, message: t('workbench.task.opinionRequired') }, { max: 2000 }]}
        >
          <Input.TextArea rows={4} showCount maxLength={2000} data-testid="decision-opinion" />
        </Form.Item>
        {decide.error ? (
          <Alert type="error" title={errorMessage(t, decide.error)} showIcon style={{ marginBottom: 8 }} />
        ) : null}
        <Button type="primary" htmlType="submit" loading={decide.isPending} data-testid="decision-submit">
          {t('workbench.task.submitDecision')}
        </Button>
      </Form>
    </Card>
  );
}

/**
 * 告知承诺核查: the officer checks that the enterprise keeps the pledge the step was approved on.
 * A failure is recorded against the enterprise (and revokes the step's certificate).
 */
function PostCheckCard({ task }: { task: Task }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ opinion: string }>();
  const decide = useTaskAction(task, t('workbench.task.decided'));
  const submit = (outcome: 'post_check_pass' | 'post_check_fail') =>
    form
      .validateFields()
      .then(({ opinion }) => {
        modal.confirm({
          title: t('workbench.task.confirmDecision', { outcome: t(`outcome.${outcome}`) }),
          ...(outcome === 'post_check_fail' ? { content: t('workbench.postCheck.failWarning') } : {}),
          onOk: () => decide.mutateAsync({ outcome, opinion: opinion.trim() }).catch(() => undefined),
        });
      })
      .catch(() => undefined);
  return (
    <Card title={t('workbench.postCheck.title')} data-testid="post-check-card">
      <Typography.Paragraph type="secondary">{t('workbench.postCheck.hint')}</Typography.Paragraph>
      <Form form={form} name="post-check" layout="vertical">
        <Form.Item
          name="opinion"
          label={t('workbench.postCheck.opinion')}
          rules={[{ required: true, whitespace: true, message: t('workbench.task.opinionRequired') }, { max: 2000 }]}
        >
          <Input.TextArea rows={4} showCount maxLength={2000} data-testid="post-check-opinion" />
        </Form.Item>
        {decide.error ? (
          <Alert type="error" title={errorMessage(t, decide.error)} showIcon style={{ marginBottom: 8 }} />
        ) : null}
        <Space wrap>
          <Button
            type="primary"
            loading={decide.isPending}
            onClick={() => void submit('post_check_pass')}
            data-testid="post-check-pass"
          >
            {t('outcome.post_check_pass')}
          </Button>
          <Button
            danger
            loading={decide.isPending}
            onClick={() => void submit('post_check_fail')}
            data-testid="post-check-fail"
          >
            {t('outcome.post_check_fail')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

/** The enterprise's record: failed post-checks of its pledges on any case, by any department. */
function EnterpriseRecordCard({ taskId }: { taskId: string }) {
  const { t } = useTranslation();
  const record = useQuery({
    queryKey: ['enterprise-record', taskId],
    queryFn: () => unwrap(api.GET('/api/tasks/{id}/enterprise-record', { params: { path: { id: taskId } } })),
    staleTime: 60_000,
  });
  if (record.error) return <Alert type="warning" title={errorMessage(t, record.error)} showIcon />;
  const failed = record.data?.failedPostChecks ?? [];
  if (!record.data) return null;
  if (failed.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="enterprise-record-clean">
        {t('workbench.record.clean')}
      </Typography.Text>
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      data-testid="enterprise-record"
      title={t('workbench.record.title', { count: failed.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {failed.map((r) => (
            <li key={`${r.applicationId}:${r.stepKey}`}>
              {t('workbench.record.item', {
                number: r.applicationNumber,
                step: r.stepKey,
                department: r.departmentCode,
                at: formatDateTime(r.recordedAt),
              })}
              {' — '}
              {r.opinion}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** The department's common phrases: picking one adds it to the opinion being written. */
function TemplatePicker({ id, onPick }: { id: string; onPick: (text: string) => void }) {
  const { t } = useTranslation();
  const templates = useQuery({
    queryKey: ['opinion-templates'],
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/api/opinion-templates')),
  });
  if (templates.error) return <Alert type="warning" title={errorMessage(t, templates.error)} showIcon />;
  return (
    <Form.Item label={t('workbench.task.template')} htmlFor={id}>
      <Select
        id={id}
        value={null}
        loading={templates.isLoading}
        placeholder={t('workbench.task.templatePlaceholder')}
        onChange={(text: string | null) => {
          if (text) onPick(text);
        }}
        options={(templates.data ?? []).map((template) => ({ value: template.text, label: template.text }))}
        data-testid={`${id}-select`}
      />
    </Form.Item>
  );
}

/** Appends a phrase to what the officer already wrote. */
function appendPhrase(current: string | undefined, phrase: string): string {
  const text = (current ?? '').trimEnd();
  return text ? `${text}\n${phrase}` : phrase;
}

function PauseCard({ task }: { task: Task }) {
  const { t } = useTranslation();
  const pause = useTaskAction(task, t('workbench.task.paused'));
  return (
    <Card title={t('workbench.task.pauseTitle')} size="small" data-testid="pause-card">
      <Form
        name="pause"
        layout="vertical"
        onFinish={(values: { reason: (typeof PAUSE_REASONS)[number]; opinion: string }) =>
          pause.mutate({ outcome: 'pause', reason: values.reason, opinion: values.opinion.trim() })
        }
      >
        <Form.Item
          name="reason"
          label={t('workbench.task.pauseReason')}
          rules={[{ required: true, message: t('workbench.task.pauseReasonRequired') }]}
        >
          <Select
            data-testid="pause-reason"
            options={PAUSE_REASONS.map((r) => ({ value: r, label: t(`pauseReason.${r}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="opinion"
          label={t('workbench.task.pauseOpinion')}
          rules={[{ required: true, whitespace: true, message: t('workbench.task.opinionRequired') }, { max: 2000 }]}
        >
          <Input.TextArea rows={2} data-testid="pause-opinion" />
        </Form.Item>
        {pause.error ? (
          <Alert type="error" title={errorMessage(t, pause.error)} showIcon style={{ marginBottom: 8 }} />
        ) : null}
        <Button htmlType="submit" loading={pause.isPending} data-testid="pause-submit">
          {t('workbench.task.pauseSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

function ResumeCard({ task }: { task: Task }) {
  const { t } = useTranslation();
  const resume = useTaskAction(task, t('workbench.task.resumed'));
  return (
    <Card title={t('workbench.task.resumeTitle')} data-testid="resume-card">
      <Form
        name="resume"
        layout="vertical"
        onFinish={(values: { opinion?: string }) =>
          resume.mutate({ outcome: 'resume', ...(values.opinion?.trim() ? { opinion: values.opinion.trim() } : {}) })
        }
      >
        <Form.Item name="opinion" label={t('workbench.task.resumeOpinion')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        {resume.error ? (
          <Alert type="error" title={errorMessage(t, resume.error)} showIcon style={{ marginBottom: 8 }} />
        ) : null}
        <Button type="primary" htmlType="submit" loading={resume.isPending} data-testid="resume-submit">
          {t('workbench.task.resumeSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

function ReleaseButton({ task }: { task: Task }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const release = useMutation({
    mutationFn: () => unwrap(api.POST('/api/tasks/{id}/release', { params: { path: { id: task.id } } })),
    onSuccess: () => {
      void message.success(t('workbench.released'));
      void queryClient.invalidateQueries({ queryKey: ['task', task.id] });
      void queryClient.invalidateQueries({ queryKey: ['task-counts'] });
    },
    onError: (error) => void message.error(errorMessage(t, error)),
  });
  return (
    <Button onClick={() => release.mutate()} loading={release.isPending} data-testid="task-release">
      {t('workbench.release')}
    </Button>
  );
}
