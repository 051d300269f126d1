import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/** Shapes of the API, generated from the gateway's OpenAPI document (never restated by hand). */
export type Schemas = components['schemas'];

/** A refusal from the API: `{code, message, details}` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly errorId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let bearerToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** The session sets the token; a 401 on any call signs the user out. */
export function configureApiAuth(token: string | null, whenUnauthenticated: () => void): void {
  bearerToken = token;
  onUnauthenticated = whenUnauthenticated;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (bearerToken) request.headers.set('authorization', `Bearer ${bearerToken}`);
    request.headers.set('accept-language', document.documentElement.lang === 'en' ? 'en' : 'zh-CN');
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && bearerToken) onUnauthenticated?.();
    return response;
  },
};

/** The one API client: typed by path and method from the generated schema. */
export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

interface ErrorBody {
  code?: string;
  message?: string;
  details?: unknown;
  errorId?: string;
}

/** The data of a call, or an ApiError with the server's code and details. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : String(cause));
  }
  if (result.response.ok) return result.data as T;
  const body = (result.error ?? {}) as ErrorBody;
  throw new ApiError(
    result.response.status,
    body.code ?? 'INTERNAL',
    body.message ?? result.response.statusText,
    body.details,
    body.errorId,
  );
}

/**
 * Saves a file the API sends (a CSV report, an XES event log). A plain link would carry no bearer
 * token, so the file is fetched through the authenticated client and handed to the browser as a
 * blob, under the name the server gives in Content-Disposition (or `fallbackName`).
 */
export async function saveDownload(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
  fallbackName: string,
): Promise<void> {
  let headers: Headers | undefined;
  const blob = await unwrap(
    call.then((result) => {
      headers = result.response.headers;
      return { ...result, data: result.data as Blob };
    }),
  );
  const disposition = headers?.get('content-disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the blob once the click is handled; the URL is not needed after that.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Uploads one material file (multipart) for `materialCode` of `serviceCode`, so the gateway checks
 * it against that material's types and size before keeping it; the answer's id goes in the filing.
 */
export function uploadMaterialFile(
  serviceCode: string,
  materialCode: string,
  file: File,
): Promise<Schemas['UploadedFileDto']> {
  return unwrap(
    api.POST('/api/files', {
      // The schema types the binary part as a string; the serializer below sends the File itself.
      body: { serviceCode, materialCode, file: file as unknown as string },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('serviceCode', body.serviceCode);
        form.append('materialCode', body.materialCode);
        form.append('file', file, file.name);
        return form;
      },
    }),
  );
}
