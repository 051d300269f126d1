import { ArrowRightOutlined } from '@ant-design/icons';
import { routeStages } from '@domain';
import { Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDepartments } from './useDepartments';

export interface DiagramStep {
  key: string;
  departmentCode: string;
  after: string[];
  timeLimitDays?: number;
  /** A step status (stepStatus.*) to colour the box, e.g. on a case. */
  status?: string;
  /** Greyed out: the step does not apply (include condition false). */
  excluded?: boolean;
  /** Drawn highlighted (e.g. the viewing department's steps). */
  highlighted?: boolean;
}

const STATUS_COLOURS: Record<string, string> = {
  active: 'processing',
  awaiting_applicant: 'warning',
  approved: 'success',
  rejected: 'error',
  cancelled: 'default',
  skipped: 'default',
  waiting: 'default',
};

/**
 * A route as its stages: steps that can run together stand side by side in one column (并联),
 * and the columns follow each other (串联). The stages come from the same code the server uses.
 */
export function RouteDiagram({ steps }: { steps: DiagramStep[] }) {
  const { t, i18n } = useTranslation();
  const departments = useDepartments();
  const byKey = new Map(steps.map((s) => [s.key, s]));
  let stages: string[][];
  try {
    stages = routeStages(steps);
  } catch {
    stages = [steps.map((s) => s.key)];
  }
  const departmentName = (code: string) => {
    const department = departments.data?.find((d) => d.code === code);
    return department ? (i18n.language === 'en' ? department.nameEn : department.name) : code;
  };

  return (
    // It scrolls sideways on a narrow screen: focusable, so the arrow keys can scroll it.
    <div
      role="img"
      tabIndex={0}
      aria-label={stages
        .map((stage) => stage.map((key) => departmentName(byKey.get(key)!.departmentCode)).join(' + '))
        .join(' → ')}
      style={{ display: 'flex', alignItems: 'stretch', gap: 8, overflowX: 'auto', paddingBottom: 4 }}
      data-testid="route-diagram"
    >
      {stages.map((stage, index) => (
        <Space key={index} align="center">
          {index > 0 ? <ArrowRightOutlined aria-hidden /> : null}
          <Space orientation="vertical" size={8}>
            {stage.map((key) => {
              const step = byKey.get(key)!;
              return (
                <Card
                  key={key}
                  size="small"
                  data-testid={`diagram-step-${key}`}
                  data-excluded={step.excluded ? 'true' : 'false'}
                  style={{
                    minWidth: 180,
                    // Dashed and grey rather than faded: a step that does not apply stays readable.
                    borderStyle: step.excluded ? 'dashed' : undefined,
                    background: step.excluded ? '#f5f5f5' : undefined,
                    borderColor: step.highlighted ? '#1d4ed8' : undefined,
                    borderWidth: step.highlighted ? 2 : 1,
                  }}
                >
                  <Typography.Text strong>{departmentName(step.departmentCode)}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary">{key}</Typography.Text>
                  </div>
                  {/* Tags show data: not faint even inside a read-only (disabled) form. */}
                  <Space size={4} wrap>
                    {step.timeLimitDays !== undefined ? (
                      <Tag disabled={false}>{t('apply.limitDays', { days: step.timeLimitDays })}</Tag>
                    ) : null}
                    {step.excluded ? <Tag disabled={false}>{t('stepStatus.skipped')}</Tag> : null}
                    {step.status ? (
                      <Tag color={STATUS_COLOURS[step.status] ?? 'default'} disabled={false}>
                        {t(`stepStatus.${step.status}`)}
                      </Tag>
                    ) : null}
                  </Space>
                </Card>
              );
            })}
          </Space>
        </Space>
      ))}
    </div>
  );
}
