import { GatewayError } from '../common/gateway.error';

export enum OpinionTemplatesErrorCode {
  OpinionTemplateNotFound = 'OPINION_TEMPLATE_NOT_FOUND',
  /** Changing another department's phrases. */
  OpinionTemplateOutOfScope = 'OPINION_TEMPLATE_OUT_OF_SCOPE',
  /** The department already has a phrase with this text. */
  OpinionTemplateDuplicate = 'OPINION_TEMPLATE_DUPLICATE',
}

export const OpinionTemplatesErrors = {
  notFound: (id: string) =>
    new GatewayError(OpinionTemplatesErrorCode.OpinionTemplateNotFound, `Opinion template ${id} not found`, {
      templateId: id,
    }),
  outOfScope: (id: string) =>
    new GatewayError(
      OpinionTemplatesErrorCode.OpinionTemplateOutOfScope,
      `Opinion template ${id} belongs to another department`,
      { templateId: id },
    ),
  duplicate: (text: string) =>
    new GatewayError(OpinionTemplatesErrorCode.OpinionTemplateDuplicate, 'The department already has this phrase', {
      text,
    }),
};
