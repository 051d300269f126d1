import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, Rate, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { cursorParam, LoadMore, useCursorPages } from '../../components/cursor-pages';
import { formatDateTime } from '../../components/format';

type Rating = Schemas['RatingDto'];

const ANSWER_MAX = 1000;

/**
 * The department CIO's ratings (好差评), newest first, with the low ones awaiting an answer first in
 * mind: a filter shows only those, and each has a form to answer it (once; the enterprise is told).
 */
export function DepartmentRatings() {
  const { t } = useTranslation();
  const [onlyAwaiting, setOnlyAwaiting] = useState(true);
  const { pages, rows } = useCursorPages(['ratings', 'department', onlyAwaiting], (cursor) =>
    unwrap(
      api.GET('/api/ratings', {
        params: { query: { limit: 50, ...(onlyAwaiting ? { awaitingAnswer: true } : {}), ...cursorParam(cursor) } },
      }),
    ),
  );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('ratings.consoleIntro')}
      </Typography.Paragraph>
      <Checkbox checked={onlyAwaiting} onChange={(e) => setOnlyAwaiting(e.target.checked)} data-testid="only-awaiting">
        {t('ratings.onlyAwaiting')}
      </Checkbox>
      {pages.error ? <Alert type="error" showIcon title={errorMessage(t, pages.error)} /> : null}
      <Table
        rowKey="id"
        data-testid="department-ratings"
        loading={pages.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('ratings.empty') }}
        columns={[
          {
            title: t('ratings.case'),
            dataIndex: 'applicationNumber',
            render: (number: string, row: Rating) => <Link to={`/cases/${row.applicationId}`}>{number}</Link>,
          },
          { title: t('ratings.enterprise'), dataIndex: 'enterpriseName' },
          {
            title: t('ratings.score'),
            dataIndex: 'score',
            render: (score: number) => <Rate disabled value={score} style={{ fontSize: 14 }} />,
          },
          {
            title: t('ratings.commentColumn'),
            dataIndex: 'comment',
            render: (comment: string | null) => comment ?? t('ratings.noComment'),
          },
          { title: t('ratings.ratedAt'), dataIndex: 'createdAt', render: formatDateTime },
          {
            title: t('ratings.answer'),
            key: 'answer',
            width: 360,
            render: (_: unknown, row: Rating) =>
              row.answer ? (
                <Space orientation="vertical" size={0}>
                  <Typography.Text>{row.answer}</Typography.Text>
                  <Typography.Text type="secondary">{formatDateTime(row.answeredAt)}</Typography.Text>
                </Space>
              ) : row.followUp ? (
                <AnswerForm rating={row} />
              ) : (
                '—'
              ),
          },
        ]}
      />
      <LoadMore pages={pages} />
    </Space>
  );
}

function AnswerForm({ rating }: { rating: Rating }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const answer = useMutation({
    mutationFn: (text: string) =>
      unwrap(api.POST('/api/ratings/{id}/answer', { params: { path: { id: rating.id } }, body: { answer: text } })),
    onSuccess: () => void message.success(t('ratings.answerSent')),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['ratings'] }),
  });
  const formId = `answer-${rating.id}`;
  return (
    <Form
      layout="vertical"
      name={formId}
      onFinish={(values: { answer: string }) => answer.mutate(values.answer.trim())}
    >
      <Tag color="orange" style={{ marginBottom: 8 }}>
        {t('ratings.awaitingAnswer')}
      </Tag>
      <Form.Item
        name="answer"
        label={t('ratings.answerLabel')}
        rules={[{ required: true, whitespace: true }]}
        style={{ marginBottom: 8 }}
      >
        <Input.TextArea rows={2} maxLength={ANSWER_MAX} />
      </Form.Item>
      {answer.error ? <Alert type="error" showIcon title={errorMessage(t, answer.error)} /> : null}
      <Button type="primary" size="small" htmlType="submit" loading={answer.isPending}>
        {t('ratings.answerSubmit')}
      </Button>
    </Form>
  );
}
