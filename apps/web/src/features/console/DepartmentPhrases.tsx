import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../components/format';
import { PHRASE_MAX_LENGTH, phraseLength } from './phrase-rules';
import { showProblemsAtFields } from './problems';

type Phrase = Schemas['OpinionTemplateDto'];

/** The officers' phrase picker reads the same query, so a change shows there at once. */
const PHRASES_KEY = ['opinion-templates'];

/**
 * The department's common opinion phrases (常用语), kept by its CIO: the officers pick from them in
 * the decision card. Editing keeps a phrase's place in the list (the officers know where it is).
 */
export function DepartmentPhrases() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const phrases = useQuery({ queryKey: PHRASES_KEY, queryFn: () => unwrap(api.GET('/api/opinion-templates')) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: PHRASES_KEY });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/opinion-templates/{id}', { params: { path: { id } } })),
    onSuccess: () => void message.success(t('console.phrases.deleted')),
    onError: (error) => void message.error(errorMessage(t, error)),
    onSettled: refresh,
  });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('console.phrases.intro')}
      </Typography.Paragraph>
      <Card size="small">
        <PhraseForm
          id="new-phrase"
          label={t('console.phrases.newPhrase')}
          submitLabel={t('console.phrases.add')}
          save={(text) => unwrap(api.POST('/api/opinion-templates', { body: { text } }))}
          onSaved={() => {
            void message.success(t('console.phrases.added'));
            void refresh();
          }}
          resetOnSave
        />
      </Card>
      {phrases.error ? <Alert type="error" showIcon title={errorMessage(t, phrases.error)} /> : null}
      <Table
        rowKey="id"
        data-testid="phrases"
        loading={phrases.isLoading}
        dataSource={phrases.data ?? []}
        pagination={false}
        locale={{ emptyText: t('console.phrases.empty') }}
        title={() => t('console.phrases.count', { count: phrases.data?.length ?? 0 })}
        columns={[
          { title: '#', key: 'index', width: 48, render: (_: unknown, __: Phrase, index: number) => index + 1 },
          {
            title: t('console.phrases.text'),
            dataIndex: 'text',
            render: (text: string, row) =>
              editing === row.id ? (
                <PhraseForm
                  id={`edit-phrase-${row.id}`}
                  label={t('console.phrases.editPhrase')}
                  initialText={text}
                  submitLabel={t('common.save')}
                  save={(changed) =>
                    unwrap(
                      api.PUT('/api/opinion-templates/{id}', {
                        params: { path: { id: row.id } },
                        body: { text: changed },
                      }),
                    )
                  }
                  onSaved={() => {
                    void message.success(t('console.phrases.saved'));
                    setEditing(null);
                    void refresh();
                  }}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{text}</Typography.Text>
              ),
          },
          {
            title: t('console.phrases.createdBy'),
            dataIndex: 'createdBy',
            width: 140,
            render: (by: string) => (by === 'seed' ? t('console.phrases.seed') : by),
          },
          { title: t('console.phrases.createdAt'), dataIndex: 'createdAt', width: 160, render: formatDateTime },
          {
            title: t('console.phrases.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, row) => (
              <Space size={4}>
                <Button size="small" type="link" disabled={editing === row.id} onClick={() => setEditing(row.id)}>
                  {t('console.phrases.edit')}
                </Button>
                <Popconfirm
                  title={t('console.phrases.deleteConfirm')}
                  okText={t('console.phrases.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove.mutate(row.id)}
                >
                  <Button size="small" type="link" danger loading={remove.isPending && remove.variables === row.id}>
                    {t('console.phrases.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}

/**
 * One phrase's words, checked as they are typed against the limits the server enforces; the
 * server's refusals (a duplicate's 409, a 400) are shown at the field too.
 */
function PhraseForm(props: {
  id: string;
  label: string;
  initialText?: string;
  submitLabel: string;
  save: (text: string) => Promise<unknown>;
  onSaved: () => void;
  onCancel?: () => void;
  resetOnSave?: boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text: string }>();
  const [failure, setFailure] = useState<unknown>(null);
  const save = useMutation({
    mutationFn: (text: string) => props.save(text),
    onSuccess: () => {
      setFailure(null);
      if (props.resetOnSave) form.resetFields();
      props.onSaved();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        // The department has these words already (maybe added meanwhile by someone else).
        form.setFields([{ name: 'text', errors: [errorMessage(t, error)] }]);
        setFailure(null);
        return;
      }
      // A 400 naming the text is shown at the field; anything else above the form.
      const leftover = showProblemsAtFields(t, form, error);
      setFailure(error instanceof ApiError && error.status === 400 && leftover.length === 0 ? null : error);
    },
  });
  return (
    <Form
      form={form}
      name={props.id}
      layout="vertical"
      initialValues={{ text: props.initialText ?? '' }}
      onFinish={(values) => save.mutate(values.text.trim())}
      data-testid={props.id}
    >
      {failure ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorMessage(t, failure)} /> : null}
      <Form.Item
        name="text"
        label={props.label}
        rules={[
          { required: true, whitespace: true, message: t('console.phrases.required') },
          {
            validator: (_, value: string | undefined) =>
              value && phraseLength(value) > PHRASE_MAX_LENGTH
                ? Promise.reject(new Error(t('console.phrases.tooLong', { max: PHRASE_MAX_LENGTH })))
                : Promise.resolve(),
          },
        ]}
      >
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          count={{ show: true, max: PHRASE_MAX_LENGTH, strategy: phraseLength }}
        />
      </Form.Item>
      <Flex gap={8} justify="flex-end">
        {props.onCancel ? <Button onClick={props.onCancel}>{t('common.cancel')}</Button> : null}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {props.submitLabel}
        </Button>
      </Flex>
    </Form>
  );
}
