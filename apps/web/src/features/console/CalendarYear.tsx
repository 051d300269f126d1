import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Table,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { TIME_ZONE } from '../../components/format';
import { showProblemsAtFields } from './problems';

type Entry = Schemas['CalendarEntryDto'];

/** The working-day calendar of a year: holidays and make-up working days; the administrator edits it. */
export function CalendarYear({ editable }: { editable: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [year, setYear] = useState<number>(() => Number(dayjs().tz(TIME_ZONE).format('YYYY')));
  const calendar = useQuery({
    queryKey: ['calendar', year],
    queryFn: () => unwrap(api.GET('/api/calendar', { params: { query: { year } } })),
  });
  const [form] = Form.useForm<{ date: Dayjs; kind: 'holiday' | 'workday'; name: string }>();
  const [failure, setFailure] = useState<unknown>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['calendar'] });
  const put = useMutation({
    mutationFn: (v: { date: string; kind: 'holiday' | 'workday'; name: string }) =>
      unwrap(
        api.PUT('/api/calendar/days/{date}', {
          params: { path: { date: v.date } },
          body: { kind: v.kind, name: v.name },
        }),
      ),
    onSuccess: (_, v) => {
      setFailure(null);
      void message.success(t('console.calendar.saved', { date: v.date }));
      form.resetFields();
      refresh();
    },
    onError: (error) => {
      showProblemsAtFields(t, form, error);
      setFailure(error);
    },
  });
  const remove = useMutation({
    mutationFn: (date: string) => unwrap(api.DELETE('/api/calendar/days/{date}', { params: { path: { date } } })),
    onSuccess: (_, date) => {
      void message.success(t('console.calendar.removed', { date }));
      refresh();
    },
    onError: (error) => setFailure(error),
  });

  const table = (title: string, entries: Entry[] | undefined, testId: string) => (
    <Card size="small" title={title}>
      <Table<Entry>
        rowKey="date"
        size="small"
        data-testid={testId}
        pagination={false}
        dataSource={entries ?? []}
        locale={{ emptyText: t('console.calendar.noData') }}
        columns={[
          {
            title: t('console.calendar.date'),
            dataIndex: 'date',
            width: 150,
            // With the weekday, so a make-up working day shows as the Saturday or Sunday it is.
            render: (date: string) => `${date} ${weekday(date, i18n.language)}`,
          },
          { title: t('console.calendar.name'), dataIndex: 'name' },
          {
            title: t('console.calendar.source'),
            dataIndex: 'source',
            render: (source: string) => <span style={{ whiteSpace: 'nowrap' }}>{source}</span>,
          },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'remove',
                  width: 80,
                  render: (_: unknown, row: Entry) => (
                    <Popconfirm
                      title={t('console.calendar.removeConfirm', { date: row.date })}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => remove.mutate(row.date)}
                    >
                      <Button size="small" danger aria-label={`${t('console.calendar.remove')} ${row.date}`}>
                        {t('console.calendar.remove')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );

  return (
    <>
      <Form layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item label={t('console.calendar.year')} htmlFor="calendar-year">
          <InputNumber id="calendar-year" value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} />
        </Form.Item>
      </Form>
      {!editable ? (
        <Alert type="info" showIcon title={t('console.calendar.readOnly')} style={{ marginBottom: 16 }} />
      ) : null}
      {calendar.error || failure ? (
        <Alert type="error" showIcon title={errorMessage(t, calendar.error ?? failure)} style={{ marginBottom: 16 }} />
      ) : null}
      {editable ? (
        <Card size="small" title={t('console.calendar.setDay')} style={{ marginBottom: 16 }}>
          <Form
            form={form}
            layout="inline"
            initialValues={{ kind: 'holiday' }}
            style={{ rowGap: 8 }}
            onFinish={(v) => put.mutate({ date: v.date.format('YYYY-MM-DD'), kind: v.kind, name: v.name })}
          >
            <Form.Item
              name="date"
              label={t('console.calendar.date')}
              rules={[{ required: true, message: t('console.steps.required') }]}
            >
              <DatePicker />
            </Form.Item>
            <Form.Item name="kind" label={t('console.calendar.kind')}>
              <Select
                style={{ width: 120 }}
                options={[
                  { value: 'holiday', label: t('console.calendar.holiday') },
                  { value: 'workday', label: t('console.calendar.workday') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="name"
              label={t('console.calendar.name')}
              rules={[{ required: true, whitespace: true, message: t('console.steps.required') }]}
            >
              <Input />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={put.isPending}>
              {t('common.save')}
            </Button>
          </Form>
        </Card>
      ) : null}
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          {table(t('console.calendar.holidays'), calendar.data?.holidays, 'calendar-holidays')}
        </Col>
        <Col xs={24} lg={12}>
          {table(t('console.calendar.workdays'), calendar.data?.makeUpWorkdays, 'calendar-workdays')}
        </Col>
      </Row>
    </>
  );
}

/** The short weekday of a calendar date (YYYY-MM-DD), in the user's language. */
function weekday(date: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en' : 'zh-CN', { weekday: 'short', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}
