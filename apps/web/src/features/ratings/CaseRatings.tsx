import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Rate, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../components/format';
import { useDepartments } from '../../components/useDepartments';

type Rating = Schemas['RatingDto'];

const COMMENT_MAX = 500;

export const caseRatingsKey = (applicationId: string) => ['application-ratings', applicationId];

/**
 * The enterprise's ratings (好差评) of an ended case: one form per department not rated yet (stars
 * and an optional comment, once), and each rating given with the department CIO's answer, if any.
 */
export function CaseRatings({ applicationId }: { applicationId: string }) {
  const { t, i18n } = useTranslation();
  const departments = useDepartments();
  const ratings = useQuery({
    queryKey: caseRatingsKey(applicationId),
    queryFn: () => unwrap(api.GET('/api/applications/{id}/ratings', { params: { path: { id: applicationId } } })),
  });
  const departmentName = (code: string) => {
    const d = departments.data?.find((x) => x.code === code);
    return d ? (i18n.language === 'en' ? d.nameEn : d.name) : code;
  };
  if (ratings.error) return <Alert type="error" showIcon title={errorMessage(t, ratings.error)} />;
  const data = ratings.data;
  if (!data) return <Card loading />;
  if (!data.rateable && data.ratings.length === 0) return null;
  return (
    <Card title={t('ratings.title')} data-testid="case-ratings">
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {data.unrated.length > 0 ? (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('ratings.intro')}
          </Typography.Paragraph>
        ) : null}
        {data.ratings.map((rating) => (
          <GivenRating key={rating.id} rating={rating} departmentName={departmentName(rating.departmentCode)} />
        ))}
        {data.unrated.map((code) => (
          <RatingForm
            key={code}
            applicationId={applicationId}
            departmentCode={code}
            departmentName={departmentName(code)}
          />
        ))}
      </Space>
    </Card>
  );
}

function GivenRating({ rating, departmentName }: { rating: Rating; departmentName: string }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={departmentName} data-testid={`rating-${rating.departmentCode}`}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('ratings.yourRating')}>
          <Space wrap>
            <Rate disabled value={rating.score} />
            <Typography.Text>{rating.comment ?? t('ratings.noComment')}</Typography.Text>
          </Space>
        </Descriptions.Item>
        {rating.answer ? (
          <Descriptions.Item label={t('ratings.answer')}>
            <Space orientation="vertical" size={0}>
              <Typography.Text data-testid={`rating-answer-${rating.departmentCode}`}>{rating.answer}</Typography.Text>
              <Typography.Text type="secondary">{formatDateTime(rating.answeredAt)}</Typography.Text>
            </Space>
          </Descriptions.Item>
        ) : rating.followUp ? (
          <Descriptions.Item label={t('ratings.answer')}>
            <Tag color="orange">{t('ratings.awaitingAnswer')}</Tag>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

function RatingForm(props: { applicationId: string; departmentCode: string; departmentName: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rate = useMutation({
    mutationFn: (values: { score: number; comment?: string }) =>
      unwrap(
        api.POST('/api/applications/{id}/ratings', {
          params: { path: { id: props.applicationId } },
          body: {
            departmentCode: props.departmentCode,
            score: values.score,
            ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => void message.success(t('ratings.submitted')),
    // Also after a 409 (rated from another tab): the list then shows the rating that was kept.
    onSettled: () => queryClient.invalidateQueries({ queryKey: caseRatingsKey(props.applicationId) }),
  });
  const formId = `rate-${props.departmentCode}`;
  return (
    <Card size="small" title={props.departmentName} data-testid={formId}>
      <Form
        layout="vertical"
        name={formId}
        onFinish={(values: { score: number; comment?: string }) => rate.mutate(values)}
      >
        {/* A validator rather than `required`: antd would put aria-required on the stars' list, which
            has no role that allows it (WCAG aria-allowed-attr). */}
        <Form.Item
          name="score"
          label={t('ratings.score')}
          rules={[
            {
              validator: (_, value: unknown) =>
                typeof value === 'number' && value > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('ratings.scoreRequired'))),
            },
          ]}
        >
          <Rate />
        </Form.Item>
        <Form.Item name="comment" label={t('ratings.comment')}>
          <Input.TextArea rows={2} maxLength={COMMENT_MAX} showCount />
        </Form.Item>
        {rate.error ? <Alert type="error" showIcon title={errorMessage(t, rate.error)} /> : null}
        <Button type="primary" htmlType="submit" loading={rate.isPending}>
          {t('ratings.submit')}
        </Button>
      </Form>
    </Card>
  );
}
