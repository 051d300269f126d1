import type { ValidationProblem } from '../../../libs/domain';
import { fieldProblem, GatewayError } from '../common/gateway.error';

/** Refusals of uploads and downloads of material files; statuses in common/http-error.mapping.ts. */
export enum FilesErrorCode {
  /** Also for a file outside the caller's scope, so another enterprise's ids reveal nothing. */
  FileNotFound = 'FILE_NOT_FOUND',
  FileEmpty = 'FILE_EMPTY',
  /** Larger than the material's maxBytes or the gateway's FILE_MAX_BYTES, whichever is smaller (413). */
  FileTooLarge = 'FILE_TOO_LARGE',
  /** The type detected from the bytes is not one the material accepts (415). */
  FileTypeNotAllowed = 'FILE_TYPE_NOT_ALLOWED',
  /** A name with a path, control characters or a drive letter; refused, not cleaned up. */
  FileNameInvalid = 'FILE_NAME_INVALID',
  /** The upload names a material the service's published version does not ask for. */
  FileMaterialUnknown = 'FILE_MATERIAL_UNKNOWN',
  /** The upload names a service with no published version. */
  FileServiceNotPublished = 'FILE_SERVICE_NOT_PUBLISHED',
}

export const FilesErrors = {
  notFound: (id: string) => new GatewayError(FilesErrorCode.FileNotFound, `File ${id} not found`, { fileId: id }),
  /** A filing's materials name files the enterprise does not have; details locate each. */
  filedFilesNotFound: (problems: ValidationProblem[]) =>
    new GatewayError(
      FilesErrorCode.FileNotFound,
      `${problems.length} file(s) named by the filing were not found among your enterprise's uploads; nothing was filed`,
      problems,
    ),
  empty: () =>
    new GatewayError(FilesErrorCode.FileEmpty, 'The file is empty; nothing was stored', [
      fieldProblem('file', 'FILE_EMPTY', {}),
    ]),
  tooLarge: (max: number) =>
    new GatewayError(FilesErrorCode.FileTooLarge, `The file is larger than ${max} bytes; nothing was stored`, [
      fieldProblem('file', 'FILE_TOO_LARGE', { max }),
    ]),
  typeNotAllowed: (problem: ReturnType<typeof fieldProblem>) =>
    new GatewayError(FilesErrorCode.FileTypeNotAllowed, `${problem.message}; nothing was stored`, [problem]),
  nameInvalid: () =>
    new GatewayError(FilesErrorCode.FileNameInvalid, 'The file name is not a plain file name; nothing was stored', [
      fieldProblem('file', 'FILE_NAME_INVALID', {}),
    ]),
  materialUnknown: (serviceCode: string, version: number, materialCode: string) =>
    new GatewayError(
      FilesErrorCode.FileMaterialUnknown,
      `"${materialCode}" is not a material of ${serviceCode} v${version}; nothing was stored`,
      [fieldProblem('materialCode', 'UNKNOWN_MATERIAL', { code: materialCode })],
    ),
  serviceNotPublished: (serviceCode: string) =>
    new GatewayError(
      FilesErrorCode.FileServiceNotPublished,
      `Service "${serviceCode}" has no published version, so it has no materials yet; nothing was stored`,
      { serviceCode },
    ),
};
