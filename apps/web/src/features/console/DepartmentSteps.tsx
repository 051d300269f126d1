import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Select, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { RouteDiagram } from '../../components/RouteDiagram';
import { StepConfigEditor } from './StepConfigEditor';

/** Every service's draft, for the consoles (CIOs see drafts). */
export function useServiceDraft(code: string | undefined) {
  return useQuery({
    queryKey: ['services', code],
    queryFn: () => unwrap(api.GET('/api/services/{code}', { params: { path: { code: code! } } })),
    enabled: Boolean(code),
  });
}

/**
 * The department's steps in every service's draft: pick one, see the route with the department's
 * steps highlighted, edit the step's configuration.
 */
export function DepartmentSteps({ departmentCode }: { departmentCode: string }) {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['services'], queryFn: () => unwrap(api.GET('/api/services')) });
  const details = useQueries({
    queries: (list.data ?? []).map((service) => ({
      queryKey: ['services', service.code],
      queryFn: () => unwrap(api.GET('/api/services/{code}', { params: { path: { code: service.code } } })),
    })),
  });
  const ours = details
    .flatMap((d) => (d.data?.draft ? [d.data] : []))
    .flatMap((service) =>
      service
        .draft!.steps.filter((s) => s.departmentCode === departmentCode)
        .map((step) => ({ service, step, id: `${service.code}/${step.key}` })),
    );
  // The chosen step is in the address (?step=service/key), so it can be linked to and survives a reload.
  const [params, setParams] = useSearchParams();
  const chosen = params.get('step') ?? undefined;
  const setChosen = (id: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set('step', id);
      return next;
    });
  const selected = ours.find((o) => o.id === chosen) ?? ours[0];
  const detail = details.find((d) => d.data?.code === selected?.service.code);

  if (list.error) return <Alert type="error" title={errorMessage(t, list.error)} showIcon />;
  if (list.isLoading || details.some((d) => d.isLoading)) return <Spin />;
  if (!selected) return <Empty description={t('console.steps.none')} />;
  const draft = selected.service.draft!;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <label>
        <Typography.Text strong style={{ marginInlineEnd: 8 }}>
          {t('console.steps.pick')}
        </Typography.Text>
        <Select
          value={selected.id}
          onChange={setChosen}
          style={{ minWidth: 360 }}
          aria-label={t('console.steps.pick')}
          data-testid="step-picker"
          options={ours.map((o) => ({
            value: o.id,
            label: `${o.service.name} · ${o.step.key}${o.step.config ? '' : ` (${t('console.steps.notConfigured')})`}`,
          }))}
        />
      </label>
      <Card
        size="small"
        title={
          <Space>
            {selected.service.name}
            <Tag>{t('console.steps.revision', { revision: selected.step.revision })}</Tag>
          </Space>
        }
        extra={<Typography.Text type="secondary">{t('console.steps.routeHint')}</Typography.Text>}
      >
        <RouteDiagram
          steps={draft.steps.map((s) => ({
            key: s.key,
            departmentCode: s.departmentCode,
            after: s.after,
            timeLimitDays: typeof s.config?.timeLimitDays === 'number' ? s.config.timeLimitDays : undefined,
            highlighted: s.departmentCode === departmentCode,
          }))}
        />
      </Card>
      <StepConfigEditor
        serviceCode={selected.service.code}
        step={selected.step}
        steps={draft.steps}
        onReload={() => detail?.refetch() ?? Promise.resolve()}
      />
    </Space>
  );
}
