import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { errorMessage } from '../api/errors';

/**
 * The coordinating CIO urges the department on an open step of a case, with a message its officer
 * sees: from the case view and from the reports' stuck cases alike. Open while `stepKey` is set.
 */
export function UrgeModal({
  applicationId,
  stepKey,
  onClose,
}: {
  applicationId: string;
  stepKey: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const urge = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/applications/{id}/steps/{key}/urge', {
          params: { path: { id: applicationId, key: stepKey! } },
          body: { message: text },
        }),
      ),
    onSuccess: () => {
      void message.success(t('apply.urgeSent'));
      setText('');
      onClose();
      void queryClient.invalidateQueries({ queryKey: ['application', applicationId] });
      void queryClient.invalidateQueries({ queryKey: ['reports'] });
    },
  });
  return (
    <Modal
      open={stepKey !== null}
      title={`${t('apply.urge')} · ${stepKey ?? ''}`}
      onCancel={() => {
        urge.reset();
        onClose();
      }}
      onOk={() => urge.mutate()}
      okButtonProps={{ disabled: text.trim() === '', 'data-testid': 'urge-send' }}
      confirmLoading={urge.isPending}
    >
      <label htmlFor="urge-message">{t('apply.urgeMessage')}</label>
      <Input.TextArea id="urge-message" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      {urge.error ? <Alert type="error" title={errorMessage(t, urge.error)} showIcon style={{ marginTop: 8 }} /> : null}
    </Modal>
  );
}
