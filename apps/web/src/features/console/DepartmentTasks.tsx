import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage, problemMessage } from '../../api/errors';
import { cursorParam, LoadMore, useCursorPages } from '../../components/cursor-pages';
import { formatDateTime } from '../../components/format';
import { showProblemsAtFields, type Problem } from './problems';

type Task = Schemas['TaskDto'];

/** The department's open tasks, most urgent first, loaded page by page; each may be reassigned. */
export function DepartmentTasks() {
  const { t } = useTranslation();
  const [reassigning, setReassigning] = useState<Task | null>(null);
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
            dataIndex: 'remainingWorkingDays',
            render: (days: number | null, row) =>
              row.breachedAt || (days !== null && days < 0) ? (
                <Tag color="red">{t('common.overdue')}</Tag>
              ) : days === null ? (
                '—'
              ) : (
                <Tag color={days <= 1 ? 'orange' : 'green'}>{t('common.remaining', { days })}</Tag>
              ),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, row) => (
              <Button size="small" onClick={() => setReassigning(row)} data-testid={`reassign-${row.id}`}>
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

/** Hands a task to another officer of the department, with a reason; refusals are shown at the field. */
function ReassignDialog({ task, onClose }: { task: Task; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ username: string; reason: string }>();
  const [other, setOther] = useState<{ error: unknown; problems: Problem[] } | null>(null);
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
    },
  });
  return (
    <Modal
      open
      title={t('console.tasks.reassignTitle', { number: task.applicationNumber })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('console.tasks.reassign')}
      cancelText={t('common.cancel')}
      confirmLoading={reassign.isPending}
    >
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
          label={t('console.tasks.username')}
          rules={[{ required: true, whitespace: true, message: t('console.steps.required') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('console.tasks.reason')}
          rules={[{ required: true, whitespace: true, message: t('console.steps.required') }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">
        {task.serviceCode} · {task.stepKey}
      </Typography.Text>
    </Modal>
  );
}
