import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage, problemMessage } from '../../api/errors';
import { cursorParam, LoadMore, useCursorPages } from '../../components/cursor-pages';
import { formatDateTime } from '../../components/format';
import { TimeLeft, useNow } from '../workbench/TimeLeft';
import { showProblemsAtFields, type Problem } from './problems';

type Task = Schemas['TaskDto'];
type EligibleOfficer = Schemas['EligibleOfficerDto'];

/** The open tasks that are in the department's hands; one waiting on the applicant is nobody's to reassign. */
const REASSIGNABLE: readonly Task['status'][] = ['pending', 'claimed', 'paused'];

/** The department's open tasks, most urgent first, loaded page by page; each may be reassigned. */
export function DepartmentTasks() {
  const { t } = useTranslation();
  const [reassigning, setReassigning] = useState<Task | null>(null);
  const now = useNow();
  const { pages, rows } = useCursorPages(['tasks', 'department-open'], (cursor) =>
    unwrap(
      api.GET('/api/tasks', {
        params: { query: { status: 'open', limit: 50, ...cursorParam(cursor) } },
      }),
    ),
  );
  const services = useQuery({ queryKey: ['services'], queryFn: () => unwrap(api.GET('/api/services')) });
  return (
    <>
      {pages.error ? <Alert type="error" title={errorMessage(t, pages.error)} showIcon /> : null}
      <Table
        rowKey="id"
        data-testid="department-tasks"
        loading={pages.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          {
            title: t('console.tasks.number'),
            dataIndex: 'applicationNumber',
            render: (number: string, row) => <Link to={`/cases/${row.applicationId}`}>{number}</Link>,
          },
          { title: t('console.tasks.enterprise'), dataIndex: 'enterpriseName' },
          {
            title: t('console.tasks.service'),
            dataIndex: 'serviceCode',
            render: (code: string) => services.data?.find((s) => s.code === code)?.name ?? code,
          },
          { title: t('console.tasks.step'), dataIndex: 'stepKey' },
          {
            title: t('console.tasks.status'),
            dataIndex: 'status',
            render: (status: string) => <Tag>{t(`taskStatus.${status}`)}</Tag>,
          },
          {
            title: t('console.tasks.assignee'),
            dataIndex: 'assignee',
            render: (assignee: string | null) => assignee ?? t('console.tasks.unassigned'),
          },
          { title: t('console.tasks.dueAt'), dataIndex: 'dueAt', render: formatDateTime },
          {
            title: t('console.tasks.remaining'),
            key: 'remaining',
            // The same countdown the officers see, so a CIO and an officer never read two answers.
            render: (_: unknown, row) => <TimeLeft task={row} now={now} />,
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, row) => (
              <Button
                size="small"
                onClick={() => setReassigning(row)}
                disabled={!REASSIGNABLE.includes(row.status)}
                title={REASSIGNABLE.includes(row.status) ? undefined : t('console.tasks.notReassignable')}
                data-testid={`reassign-${row.id}`}
              >
                {t('console.tasks.reassign')}
              </Button>
            ),
          },
        ]}
      />
      <LoadMore pages={pages} />
      {reassigning ? <ReassignDialog task={reassigning} onClose={() => setReassigning(null)} /> : null}
    </>
  );
}

/**
 * Hands a task to another officer of the department, with a reason. The CIO picks from the officers
 * the server says may take it, least loaded first; a refusal (the list went stale) shows at the field.
 */
function ReassignDialog({ task, onClose }: { task: Task; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ username: string; reason: string }>();
  const [other, setOther] = useState<{ error: unknown; problems: Problem[] } | null>(null);
  const officers = useQuery({
    queryKey: ['tasks', task.id, 'eligible-officers'],
    queryFn: () => unwrap(api.GET('/api/tasks/{id}/eligible-officers', { params: { path: { id: task.id } } })),
  });
  const reassign = useMutation({
    mutationFn: (body: { username: string; reason: string }) =>
      unwrap(api.POST('/api/tasks/{id}/reassign', { params: { path: { id: task.id } }, body })),
    onSuccess: (_, body) => {
      void message.success(t('console.tasks.reassigned', { username: body.username }));
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      onClose();
    },
    onError: (error) => {
      const leftover = showProblemsAtFields(t, form, error);
      setOther({ error, problems: leftover });
      void officers.refetch();
    },
  });
  const noneEligible = officers.isSuccess && officers.data.every((officer) => officer.currentAssignee);
  return (
    <Modal
      open
      title={t('console.tasks.reassignTitle', { number: task.applicationNumber })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('console.tasks.reassign')}
      okButtonProps={{ disabled: !officers.isSuccess || noneEligible }}
      cancelText={t('common.cancel')}
      confirmLoading={reassign.isPending}
    >
      {officers.error ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorMessage(t, officers.error)} />
      ) : null}
      {noneEligible ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('console.tasks.noOfficers')} />
      ) : null}
      {other ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorMessage(t, other.error)}
          description={other.problems.map((p) => `${p.path}: ${problemMessage(t, p)}`).join('; ') || undefined}
        />
      ) : null}
      <Form form={form} layout="vertical" onFinish={(values) => reassign.mutate(values)}>
        <Form.Item
          name="username"
          label={t('console.tasks.officer')}
          rules={[{ required: true, message: t('console.steps.required') }]}
        >
          <Select
            loading={officers.isLoading}
            placeholder={t('console.tasks.officerPlaceholder')}
            showSearch={{ optionFilterProp: 'label' }}
            options={(officers.data ?? []).map((officer) => ({
              value: officer.username,
              label: `${officer.displayName} (${officer.username}) · ${t('console.tasks.load', { count: officer.openTasks })}`,
              disabled: officer.currentAssignee,
              officer,
            }))}
            optionRender={({ data }) => <OfficerOption officer={data.officer} />}
            data-testid="reassign-officer"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('console.tasks.reason')}
          rules={[{ required: true, whitespace: true, message: t('console.steps.required') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} showCount maxLength={500} />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">
        {task.serviceCode} · {task.stepKey}
        {task.assignee ? ` · ${t('console.tasks.currentHolder')}: ${task.assignee}` : ''}
      </Typography.Text>
    </Modal>
  );
}

/** One officer in the picker: who, and how many tasks they hold now. */
function OfficerOption({ officer }: { officer: EligibleOfficer }) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between" align="center" gap={8} data-testid={`officer-${officer.username}`}>
      <span>
        {officer.displayName} <Typography.Text type="secondary">{officer.username}</Typography.Text>
      </span>
      <span>
        {officer.currentAssignee ? <Tag color="blue">{t('console.tasks.currentHolder')}</Tag> : null}
        <Tag color={officer.openTasks === 0 ? 'green' : undefined}>
          {t('console.tasks.load', { count: officer.openTasks })}
        </Tag>
      </span>
    </Flex>
  );
}
