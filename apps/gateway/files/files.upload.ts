import {
  Inject,
  Injectable,
  PayloadTooLargeException,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import type { Config } from '../../../libs/config';
import { GATEWAY_CONFIG } from '../infrastructure/config.provider';
import { FilesErrors } from './files.errors';

/** Room for the multipart framing and the two small fields around the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

interface UploadRequest {
  headers: Record<string, string | string[] | undefined>;
}
interface UploadResponse {
  setHeader(name: string, value: string): void;
}

/**
 * Refuses an upload whose declared length is already over FILE_MAX_BYTES, before a byte of it is
 * parsed, and closes the connection after answering so the rest is not read. An upload without a
 * length (chunked) is cut off by multer's fileSize limit instead.
 */
@Injectable()
export class UploadLengthGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: Config) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const declared = Number(http.getRequest<UploadRequest>().headers['content-length']);
    if (Number.isFinite(declared) && declared > this.config.files.maxBytes + MULTIPART_OVERHEAD_BYTES) {
      http.getResponse<UploadResponse>().setHeader('Connection', 'close');
      throw FilesErrors.tooLarge(this.config.files.maxBytes);
    }
    return true;
  }
}

/**
 * Settles a refused upload before the refusal is answered: the received copy is removed (whatever
 * refused it — the pipe, the service, multer), so "nothing changed" holds when the client reads the
 * answer; and multer's "file too large" (its fileSize limit, FILE_MAX_BYTES) is said in this API's
 * terms, with the field and the rule.
 */
@Injectable()
export class UploadSettleInterceptor implements NestInterceptor {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: Config) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ file?: { path?: string } }>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        const refusal =
          error instanceof PayloadTooLargeException ? FilesErrors.tooLarge(this.config.files.maxBytes) : error;
        const received = request.file?.path;
        return from(received ? rm(received, { force: true }) : Promise.resolve()).pipe(
          mergeMap(() => throwError(() => refusal)),
        );
      }),
    );
  }
}
