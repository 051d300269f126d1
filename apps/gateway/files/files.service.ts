import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { fileTypeFromFile } from 'file-type';
import type { Config } from '../../../libs/config';
import {
  acceptableFileName,
  acceptedFileTypes,
  departmentAsksForMaterial,
  fileTypeVerdict,
  mergeMaterials,
  type MergedMaterial,
} from '../../../libs/domain';
import type { FileStore } from '../../../libs/persistence/files/file-store';
import { FileRepository, type FileRecord } from '../../../libs/persistence/repositories/file.repository';
import { ServiceCatalogRepository } from '../../../libs/persistence/repositories/service-catalog.repository';
import { departmentOf, enterpriseOf } from '../auth/auth.scope';
import type { Identity } from '../auth/auth.types';
import { fieldProblem, validationFailed } from '../common/gateway.error';
import { GATEWAY_CONFIG } from '../infrastructure/config.provider';
import { ServicesErrors } from '../services/services.errors';
import type { UploadedFileDto, UploadFileDto } from './files.dto';
import { FilesErrors } from './files.errors';
import { FILE_STORE } from './files.store';

/** What multer's disk storage hands over: the bytes sit at `path` until the upload is settled. */
export interface ReceivedFile {
  originalname: string;
  size: number;
  path: string;
}

export interface FileDownload {
  file: FileRecord;
  content: Readable;
}

@Injectable()
export class FilesService {
  private readonly logger = new Logger('Files');

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: Config,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly files: FileRepository,
    private readonly catalog: ServiceCatalogRepository,
  ) {}

  /**
   * Checks an upload against the material it is for and keeps it: the bytes go to the store first
   * and the row is written once they are durable, so a crash leaves at most bytes without a row
   * (removed by the sweep), never a row without bytes. Whatever the outcome, the received copy is
   * removed; a refused upload changes nothing.
   */
  async upload(
    identity: Identity,
    fields: UploadFileDto,
    received: ReceivedFile | undefined,
  ): Promise<UploadedFileDto> {
    if (!received) throw validationFailed([fieldProblem('file', 'REQUIRED', {})]);
    try {
      const material = await this.publishedMaterial(fields.serviceCode, fields.materialCode);
      const name = acceptableFileName(received.originalname);
      if (name === undefined) throw FilesErrors.nameInvalid();
      if (received.size === 0) throw FilesErrors.empty();
      const max = Math.min(material.maxBytes ?? Infinity, this.config.files.maxBytes);
      if (received.size > max) throw FilesErrors.tooLarge(max);

      const detected = await fileTypeFromFile(received.path);
      const verdict = fileTypeVerdict({
        detected,
        isText: detected === undefined && (await readsAsText(received.path)),
        accepted: acceptedFileTypes(material),
        name,
      });
      if (!verdict.ok) throw FilesErrors.typeNotAllowed({ field: 'file', ...verdict.problem });

      const sha256 = await sha256Of(received.path);
      const id = randomUUID();
      await this.store.put(id, createReadStream(received.path));
      try {
        return toDto(
          await this.files.insert({
            id,
            enterpriseId: enterpriseOf(identity),
            uploadedBy: identity.userId,
            name,
            contentType: verdict.contentType,
            extension: verdict.extension,
            size: received.size,
            sha256,
            serviceCode: fields.serviceCode,
            materialCode: fields.materialCode,
          }),
        );
      } catch (error) {
        // Best effort: should this fail too, the sweep removes the bytes later.
        await this.store.delete(id).catch(() => undefined);
        throw error;
      }
    } finally {
      await rm(received.path, { force: true }).catch((error: unknown) =>
        this.logger.warn(`could not remove the received upload ${received.path}: ${String(error)}`),
      );
    }
  }

  /**
   * The file and its bytes, to whoever may read it: the enterprise that uploaded it; a department
   * holding a task on a case that uses it as a material one of the department's steps asks for; the
   * coordinating CIO and the administrator. Anyone else is told it does not exist.
   */
  async download(identity: Identity, id: string): Promise<FileDownload> {
    const file = await this.files.findById(id);
    if (!file || !(await this.mayRead(identity, file))) throw FilesErrors.notFound(id);
    const content = await this.store.get(file.id);
    if (!content) throw new Error(`file ${file.id} has a row but no bytes in the store`);
    return { file, content };
  }

  private async mayRead(identity: Identity, file: FileRecord): Promise<boolean> {
    switch (identity.role) {
      case 'applicant':
        return file.enterpriseId === enterpriseOf(identity);
      case 'coord_cio':
      case 'admin':
        return true;
      case 'staff':
      case 'dept_cio': {
        const department = departmentOf(identity);
        const uses = await this.files.usesVisibleToDepartment(file.id, department);
        return uses.some((use) => departmentAsksForMaterial(use.snapshot, department, use.materialCode));
      }
    }
  }

  private async publishedMaterial(serviceCode: string, materialCode: string): Promise<MergedMaterial> {
    const service = await this.catalog.findByCode(serviceCode);
    if (!service) throw ServicesErrors.notFound(serviceCode);
    if (!service.published || service.publishedVersion === null) throw FilesErrors.serviceNotPublished(serviceCode);
    const material = mergeMaterials(service.published.steps).materials.find((m) => m.code === materialCode);
    if (!material) throw FilesErrors.materialUnknown(serviceCode, service.publishedVersion, materialCode);
    return material;
  }
}

function toDto(file: FileRecord): UploadedFileDto {
  return { id: file.id, name: file.name, contentType: file.contentType, size: file.size, sha256: file.sha256 };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Only asked of files no signature identified, which are at most FILE_MAX_BYTES. */
async function readsAsText(path: string): Promise<boolean> {
  const bytes = await readFile(path);
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
