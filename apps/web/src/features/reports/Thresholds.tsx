import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, InputNumber, List, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage, fieldProblems, problemMessage } from '../../api/errors';
import { useSession } from '../../auth/session';
import { formatDateTime } from '../../components/format';
import { formatRate, fractionFromPercent, percentFromFraction } from './weekly-format';

type Threshold = Schemas['ThresholdDto'];

/**
 * The alert thresholds per department: the coordinating CIO edits them, one department at a time;
 * a department CIO reads their own.
 */
export function Thresholds() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const coordinating = session?.user.role === 'coord_cio';
  const ownDepartment = coordinating ? undefined : session?.user.departmentCode;
  const list = useQuery({
    // The language is in the key: the department names come written in it.
    queryKey: ['reports', 'thresholds', ownDepartment, i18n.language],
    queryFn: () => unwrap(api.GET('/api/reports/thresholds')),
  });
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const items = list.data?.items ?? [];
    return needle
      ? items.filter((row) => `${row.departmentName} ${row.departmentCode}`.toLowerCase().includes(needle))
      : items;
  }, [list.data, filter]);
  return (
    <Card
      data-testid="thresholds"
      title={
        <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
          {t('reports.thresholds.title')}
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {coordinating ? t('reports.thresholds.hint') : t('reports.thresholds.hintDepartment')}
      </Typography.Paragraph>
      {list.error ? <Alert type="error" title={errorMessage(t, list.error)} showIcon /> : null}
      {list.isLoading ? <Card loading variant="borderless" /> : null}
      {list.data && list.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.thresholds.empty')} />
      ) : null}
      {list.data && !coordinating
        ? list.data.items.map((row) => <ThresholdReadOnly key={row.departmentCode} row={row} />)
        : null}
      {list.data && coordinating ? (
        <>
          {list.data.items.length > 8 ? (
            // A province has many departments: find one by name or code rather than scroll for it.
            <Input.Search
              allowClear
              aria-label={t('reports.thresholds.filter')}
              placeholder={t('reports.thresholds.filter')}
              style={{ maxWidth: 320, marginBottom: 12 }}
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
            />
          ) : null}
          <List<Threshold>
            dataSource={rows}
            rowKey="departmentCode"
            renderItem={(row) => (
              <List.Item data-testid={`threshold-${row.departmentCode}`}>
                <ThresholdRow row={row} />
              </List.Item>
            )}
          />
        </>
      ) : null}
    </Card>
  );
}

/** A department CIO's view: what sets off an alert for their department, in words. */
function ThresholdReadOnly({ row }: { row: Threshold }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      data-testid={`threshold-${row.departmentCode}`}
      column={1}
      size="small"
      bordered
      title={row.departmentName}
      items={[
        {
          key: 'breachRate',
          label: t('reports.kpi.breachRate'),
          children:
            row.breachRate === null
              ? t('reports.thresholds.notSet')
              : t('reports.thresholds.breachRateRule', { value: formatRate(row.breachRate) }),
        },
        {
          key: 'overdueOpen',
          label: t('reports.kpi.overdueOpen'),
          children:
            row.overdueOpen === null
              ? t('reports.thresholds.notSet')
              : t('reports.thresholds.overdueOpenRule', { value: row.overdueOpen }),
        },
        {
          key: 'updatedAt',
          label: t('reports.thresholds.lastChange'),
          children: row.updatedAt
            ? t('reports.thresholds.updatedAt', { at: formatDateTime(row.updatedAt) })
            : t('reports.thresholds.neverSet'),
        },
      ]}
    />
  );
}

interface RowValues {
  breachRate: number | null;
  overdueOpen: number | null;
}

const FIELDS = ['breachRate', 'overdueOpen'] as const;

/**
 * One department's thresholds, saved on their own (PUT). An empty field is sent as null, which
 * clears the rule. Ranges are the server's to check: its 422 lands on the field it names, in the
 * user's language (the breach rate's in percent, as it was typed).
 */
function ThresholdRow({ row }: { row: Threshold }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<RowValues>();
  const initial: RowValues = { breachRate: percentFromFraction(row.breachRate), overdueOpen: row.overdueOpen };
  const save = useMutation({
    mutationFn: (values: RowValues) =>
      unwrap(
        api.PUT('/api/reports/thresholds/{departmentCode}', {
          params: { path: { departmentCode: row.departmentCode } },
          body: {
            breachRate: fractionFromPercent(values.breachRate),
            overdueOpen: values.overdueOpen ?? null,
          },
        }),
      ),
    onSuccess: async (saved) => {
      form.setFieldsValue({ breachRate: percentFromFraction(saved.breachRate), overdueOpen: saved.overdueOpen });
      void message.success(t('reports.thresholds.saved', { department: row.departmentName }));
      await client.invalidateQueries({ queryKey: ['reports', 'thresholds'] });
    },
    onError: (error) => {
      const problems = fieldProblems(error).filter((p) => (FIELDS as readonly string[]).includes(p.path));
      if (problems.length === 0) {
        void message.error(errorMessage(t, error));
        return;
      }
      form.setFields(
        FIELDS.map((name) => ({
          name,
          errors: problems
            .filter((p) => p.path === name)
            .map((p) =>
              // The server speaks of a fraction and of null; the user typed a percentage, or cleared a field.
              p.rule === 'THRESHOLD_FRACTION' && name === 'breachRate'
                ? t('reports.thresholds.percentProblem')
                : p.rule === 'THRESHOLD_COUNT' && name === 'overdueOpen'
                  ? t('reports.thresholds.countProblem')
                  : problemMessage(t, p),
            ),
        })),
      );
    },
  });
  return (
    <Form<RowValues>
      form={form}
      name={`threshold-${row.departmentCode}`}
      layout="inline"
      initialValues={initial}
      onFinish={(values) => save.mutate(values)}
      style={{ rowGap: 8, width: '100%', alignItems: 'flex-start' }}
      aria-label={row.departmentName}
    >
      <Form.Item style={{ minWidth: 160, flex: '1 1 160px' }}>
        <Typography.Text strong>{row.departmentName}</Typography.Text>
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {row.updatedAt
            ? t('reports.thresholds.updatedAt', { at: formatDateTime(row.updatedAt) })
            : t('reports.thresholds.neverSet')}
        </Typography.Text>
      </Form.Item>
      <Form.Item name="breachRate" label={t('reports.thresholds.breachRate')}>
        <InputNumber<number>
          aria-label={t('reports.thresholds.breachRateAria', { department: row.departmentName })}
          placeholder={t('reports.thresholds.notSet')}
          suffix="%"
          style={{ width: 130 }}
          onChange={() => form.setFields([{ name: 'breachRate', errors: [] }])}
        />
      </Form.Item>
      <Form.Item name="overdueOpen" label={t('reports.thresholds.overdueOpen')}>
        <InputNumber<number>
          aria-label={t('reports.thresholds.overdueOpenAria', { department: row.departmentName })}
          placeholder={t('reports.thresholds.notSet')}
          suffix={t('reports.thresholds.countUnit')}
          style={{ width: 130 }}
          onChange={() => form.setFields([{ name: 'overdueOpen', errors: [] }])}
        />
      </Form.Item>
      <Form.Item>
        <Button
          htmlType="submit"
          loading={save.isPending}
          // No space slipped between the two characters: the spoken name must contain the visible "保存".
          autoInsertSpace={false}
          aria-label={t('reports.thresholds.saveLabel', { department: row.departmentName })}
        >
          {t('reports.thresholds.save')}
        </Button>
      </Form.Item>
    </Form>
  );
}
