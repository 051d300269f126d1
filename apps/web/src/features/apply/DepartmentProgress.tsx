import { Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { formatDateTime } from '../../components/format';

type Step = Schemas['ApplicationStepDto'];

const POST_CHECK_COLOURS: Record<string, string> = { open: 'blue', passed: 'green', failed: 'red' };

/** What a step's approval rests on when not an officer's review (deemed, pledge), and its post-check. */
export function BasisTags({ step }: { step: Step }) {
  const { t } = useTranslation();
  return (
    <>
      {step.basis === 'deemed' ? <Tag color="purple">{t('basis.deemed')}</Tag> : null}
      {step.basis === 'pledge' ? (
        <Tag color="geekblue" data-testid={`pledge-approved-${step.key}`}>
          {t('apply.approvedOnPledge')}
        </Tag>
      ) : null}
      {step.postCheck ? (
        <Tag color={POST_CHECK_COLOURS[step.postCheck.status]} data-testid={`post-check-${step.key}`}>
          {t(`postCheck.${step.postCheck.status}`)}
        </Tag>
      ) : null}
    </>
  );
}

const STATUS_COLOURS: Record<string, string> = {
  active: 'processing',
  awaiting_applicant: 'warning',
  approved: 'success',
  rejected: 'error',
};

/**
 * The enterprise's view of its case, department by department: when each step started, who holds
 * it (a department, never an officer), when its clock stood still and why, the due date, and the
 * decision with its opinion. Steps are listed in route order.
 */
export function DepartmentProgress({
  steps,
  departmentName,
}: {
  steps: Step[];
  departmentName: (code: string) => string;
}) {
  const { t } = useTranslation();
  if (steps.length === 0) return <Empty />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="department-progress">
      {steps.map((step) => (
        <Card
          key={step.key}
          size="small"
          data-testid={`progress-${step.key}`}
          title={
            <Space wrap size={4}>
              <Typography.Text strong>{departmentName(step.departmentCode)}</Typography.Text>
              <Typography.Text type="secondary">{step.key}</Typography.Text>
            </Space>
          }
          extra={
            <Space size={4} wrap>
              <Tag color={STATUS_COLOURS[step.status]}>{t(`stepStatus.${step.status}`)}</Tag>
              <BasisTags step={step} />
            </Space>
          }
        >
          <StepFacts step={step} departmentName={departmentName} />
        </Card>
      ))}
    </Space>
  );
}

function StepFacts({ step, departmentName }: { step: Step; departmentName: (code: string) => string }) {
  const { t } = useTranslation();
  if (step.status === 'skipped') {
    return <Typography.Text type="secondary">{step.skipReason ?? t('apply.stepNotRequired')}</Typography.Text>;
  }
  if (step.status === 'waiting') {
    return <Typography.Text type="secondary">{t('apply.progress.notStarted')}</Typography.Text>;
  }
  const decided = step.outcome !== null && step.status !== 'awaiting_applicant' && step.status !== 'active';
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
      <Descriptions.Item label={t('apply.progress.startedAt')}>{formatDateTime(step.startedAt)}</Descriptions.Item>
      {step.heldBy ? (
        <Descriptions.Item label={t('apply.progress.heldBy')}>
          {step.heldBy === 'applicant' ? (
            <Typography.Text type="warning">{t('apply.progress.heldByYou')}</Typography.Text>
          ) : (
            departmentName(step.departmentCode)
          )}
        </Descriptions.Item>
      ) : null}
      {!decided ? (
        <Descriptions.Item label={t('common.dueAt')}>
          <Space size={4} wrap>
            {formatDateTime(step.dueAt)}
            {step.clock ? <Tag>{t(`clock.${step.clock}`)}</Tag> : null}
          </Space>
        </Descriptions.Item>
      ) : (
        <Descriptions.Item label={t('apply.decidedAt')}>{formatDateTime(step.decidedAt)}</Descriptions.Item>
      )}
      {step.clockStops.length > 0 ? (
        <Descriptions.Item label={t('apply.progress.clockStops')} span="filled">
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {step.clockStops.map((stop) => (
              <li key={stop.from}>
                {stop.reason === 'applicant' ? t('apply.progress.waitingOnApplicant') : t(`pauseReason.${stop.reason}`)}
                {': '}
                {formatDateTime(stop.from)} – {stop.to ? formatDateTime(stop.to) : t('apply.progress.stillStopped')}
              </li>
            ))}
          </ul>
        </Descriptions.Item>
      ) : null}
      {step.opinion ? (
        <Descriptions.Item label={step.outcome ? t(`outcome.${step.outcome}`) : t('apply.opinion')} span="filled">
          {step.opinion}
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}
