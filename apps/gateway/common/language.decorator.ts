import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The two languages the API writes words in. */
export type ResponseLanguage = 'zh' | 'en';

/** English when the client prefers it (Accept-Language: en…), Chinese otherwise. */
export function responseLanguage(acceptLanguage: string | undefined): ResponseLanguage {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

/** The caller's language from Accept-Language (document it with @ApiHeader on the controller). */
export const Language = createParamDecorator((_data: unknown, context: ExecutionContext): ResponseLanguage => {
  const header: unknown = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
    'accept-language'
  ];
  return responseLanguage(typeof header === 'string' ? header : undefined);
});
