import { Injectable } from '@nestjs/common';
import {
  ApplicationErrorCode,
  deferredMaterialProblems,
  problemAt,
  filedFileProblems,
  pledgeProblems,
  noticeAnswerProblems,
  TERMINAL_APPLICATION_STATUSES,
  validateFiling,
  type FiledContentReader,
  type Urge,
} from '../../../libs/domain';
import { FileRepository } from '../../../libs/persistence/repositories/file.repository';
import { GatewayError } from '../common/gateway.error';
import { ApplicationFilingRepository } from '../../../libs/persistence/repositories/application-filing.repository';
import {
  ApplicationReadRepository,
  type ApplicationScope,
  type ApplicationSummary,
} from '../../../libs/persistence/repositories/application-read.repository';
import { NoticeRepository, type NoticeRecord } from '../../../libs/persistence/repositories/notice.repository';
import { actorOf, departmentOf, enterpriseOf } from '../auth/auth.scope';
import type { Identity } from '../auth/auth.types';
import { decodeCursor, encodeCursor } from '../common/cursor.codec';
import { DEFAULT_PAGE_SIZE } from '../common/pagination.dto';
import { ServicesErrors } from '../services/services.errors';
import type {
  ApplicationDetailDto,
  ApplicationEventsDto,
  ApplicationPageDto,
  ApplicationProgressDto,
  DeferredMaterialDto,
  FileApplicationDto,
  FiledApplicationDto,
  ApplicationListQueryDto,
  NoticeDto,
  SupplementRequestDto,
} from './applications.dto';
import { FilesErrors } from '../files/files.errors';
import { fieldProblem, validationFailed } from '../common/gateway.error';
import { ApplicationsErrors } from './applications.errors';
import {
  toDeferredMaterialDtos,
  toDetailDto,
  toEventDtos,
  toFiledApplicationDto,
  toNoticeDto,
  toProgressDto,
  toSummaryDto,
} from './applications.mapper';
import type { CaseAudience } from './applications.mapper';
import { ApplicationWorkflows } from './applications.workflows';

export interface FilingResult {
  application: FiledApplicationDto;
  /** True when the Idempotency-Key had been used before and the earlier filing is returned. */
  replayed: boolean;
}

@Injectable()
export class ApplicationsService {
  constructor(
    private readonly filing: ApplicationFilingRepository,
    private readonly reads: ApplicationReadRepository,
    private readonly workflows: ApplicationWorkflows,
    private readonly files: FileRepository,
    private readonly notices: NoticeRepository,
  ) {}

  /**
   * Records the filing, then starts its workflow. The start happens after the commit and again on
   * every replay, so a filing whose start failed (Temporal down) is started by the client's retry.
   */
  async file(identity: Identity, idempotencyKey: string, request: FileApplicationDto): Promise<FilingResult> {
    const materials = request.materials.map((m) => ({
      code: m.code,
      ...(m.fileId !== undefined ? { fileId: m.fileId } : {}),
      ...(m.content !== undefined ? { content: m.content } : {}),
    }));
    const outcome = await this.filing.file({
      enterpriseId: enterpriseOf(identity),
      filedBy: { userId: identity.userId, username: identity.username },
      idempotencyKey,
      serviceCode: request.serviceCode,
      form: request.form,
      materials,
      pledges: request.pledges ?? {},
      deferredMaterials: request.deferredMaterials ?? [],
      validate: (version, files) => [
        ...validateFiling(version, request.form, materials),
        ...deferredMaterialProblems(version, request.form, materials, request.deferredMaterials ?? []),
        ...filedFileProblems(version, materials, files, enterpriseOf(identity)),
        ...pledgeProblems(version, request.form, request.pledges ?? {}, request.deferredMaterials ?? []),
      ],
    });
    switch (outcome.kind) {
      case 'service_not_found':
        throw ServicesErrors.notFound(request.serviceCode);
      case 'service_not_published':
        throw ApplicationsErrors.serviceNotPublished(request.serviceCode);
      case 'invalid': {
        // A file id that is not the enterprise's own is "not found" (404), whether it exists or not.
        const missing = outcome.problems.filter((p) => p.rule === 'FILE_NOT_FOUND');
        if (missing.length > 0) throw FilesErrors.filedFilesNotFound(missing);
        throw ApplicationsErrors.filingInvalid(request.serviceCode, outcome.serviceVersion, outcome.problems);
      }
      case 'replayed':
        if (outcome.application.serviceCode !== request.serviceCode) {
          throw ApplicationsErrors.idempotencyKeyReused(outcome.application, request.serviceCode);
        }
        break;
      case 'filed':
        break;
    }
    const application = outcome.application;
    if (!TERMINAL_APPLICATION_STATUSES.includes(application.status)) {
      await this.workflows.start(application);
      await this.filing.markWorkflowStarted(application.id);
    }
    return { application: toFiledApplicationDto(application), replayed: outcome.kind === 'replayed' };
  }

  async list(identity: Identity, query: ApplicationListQueryDto): Promise<ApplicationPageDto> {
    const after = decodeCursor(query.cursor);
    const page = await this.reads.list(
      scopeOf(identity),
      { ...(after ? { after } : {}), limit: query.limit ?? DEFAULT_PAGE_SIZE },
      {
        ...(query.status ? { status: query.status } : {}),
        ...(query.serviceCode ? { serviceCode: query.serviceCode } : {}),
        ...(query.number ? { number: query.number } : {}),
      },
    );
    return { items: page.items.map((application) => toSummaryDto(application)), nextCursor: encodeCursor(page.next) };
  }

  async get(identity: Identity, id: string): Promise<ApplicationDetailDto> {
    const detail = await this.reads.findDetail(id);
    if (!detail || !(await this.isVisible(identity, detail))) throw ApplicationsErrors.notFound(id);
    return toDetailDto(detail, filedContentReaderOf(scopeOf(identity)), audienceOf(identity));
  }

  /** The case's event log, oldest first, to whoever may see the case. */
  async events(identity: Identity, id: string): Promise<ApplicationEventsDto> {
    const application = await this.reads.findSummary(id);
    if (!application || !(await this.isVisible(identity, application))) throw ApplicationsErrors.notFound(id);
    return { items: toEventDtos(await this.reads.events(id), audienceOf(identity)) };
  }

  /** The coordinating CIO urges the department holding a step; the workflow refuses a step not in its hands. */
  async urge(identity: Identity, id: string, stepKey: string, message: string): Promise<Urge> {
    const application = await this.reads.findSummary(id);
    if (!application) throw ApplicationsErrors.notFound(id);
    return this.workflows.urge(application.id, { stepKey, message, actor: actorOf(identity) });
  }

  /** The case's supplement notices, oldest first, to whoever may see the case. */
  async listNotices(identity: Identity, id: string): Promise<NoticeDto[]> {
    const application = await this.reads.findSummary(id);
    if (!application || !(await this.isVisible(identity, application))) throw ApplicationsErrors.notFound(id);
    return (await this.notices.list(id)).map(toNoticeDto);
  }

  /**
   * The enterprise answers a notice once: the answer is checked against what the notice asks for
   * (fields valid as at filing, each asked material a file of its own that fits the material),
   * then the workflow stores it and gives each asking step a new round. Without a notice (cases
   * filed before notices) a note alone answers, as it always did.
   */
  async supplySupplement(
    identity: Identity,
    id: string,
    request: SupplementRequestDto,
  ): Promise<ApplicationProgressDto> {
    const application = await this.ownApplication(identity, id);
    const actor = actorOf(identity);
    const notice =
      request.noticeId !== undefined
        ? await this.notices.find(application.id, request.noticeId)
        : await this.notices.open(application.id);
    if (request.noticeId !== undefined && !notice) throw ApplicationsErrors.noticeNotFound(id, request.noticeId);
    if (!notice) {
      if (request.form !== undefined || request.materials !== undefined) {
        throw validationFailed([fieldProblem('noticeId', 'NOTICE_ID_REQUIRED', {})]);
      }
      return toProgressDto(await this.workflows.supplySupplement(application.id, { note: request.note ?? '', actor }));
    }
    if (notice.answeredAt) throw ApplicationsErrors.noticeAlreadyAnswered(notice.id, notice.answeredAt);
    const answer = { form: request.form ?? {}, materials: request.materials ?? [], note: request.note ?? '' };
    await this.checkAnswer(identity, notice, answer);
    return toProgressDto(
      await this.workflows.supplySupplement(application.id, { ...answer, noticeId: notice.id, actor }),
    );
  }

  private async checkAnswer(
    identity: Identity,
    notice: NoticeRecord,
    answer: { form: Record<string, unknown>; materials: { code: string; fileId: string }[]; note: string },
  ): Promise<void> {
    const version = await this.notices.snapshotOf(notice.applicationId);
    if (!version) throw new Error(`no version for application ${notice.applicationId}`);
    const files = await this.notices.fileFacts(answer.materials.map((m) => m.fileId));
    const fileProblems = filedFileProblems(version, answer.materials, files, enterpriseOf(identity));
    const missing = fileProblems.filter((p) => p.rule === 'FILE_NOT_FOUND');
    if (missing.length > 0) throw FilesErrors.filedFilesNotFound(missing);
    const problems = [...noticeAnswerProblems(version, notice.items, answer), ...fileProblems];
    if (problems.length > 0) throw ApplicationsErrors.supplementAnswerInvalid(notice.id, problems);
  }

  /**
   * The enterprise supplies a material it deferred at filing (容缺受理) with a file it uploaded. The
   * file must fit the material (type, size) in the case's version. The workflow records the file
   * use and the arrival in one activity; the same file again is answered as before, changing nothing.
   */
  async supplyMaterial(identity: Identity, id: string, code: string, fileId: string): Promise<DeferredMaterialDto> {
    await this.ownApplication(identity, id);
    const detail = await this.reads.findDetail(id);
    if (!detail) throw ApplicationsErrors.notFound(id);
    if (!detail.deferredMaterials.some((d) => d.code === code)) {
      throw ApplicationsErrors.materialSupplyInvalid([problemAt('code', 'MATERIAL_NOT_DEFERRED', { code })]);
    }
    if (TERMINAL_APPLICATION_STATUSES.includes(detail.status)) {
      throw new GatewayError(
        ApplicationErrorCode.ApplicationClosed,
        `The application is ${detail.status}; nothing can be supplied any more`,
        { applicationId: id, status: detail.status },
      );
    }
    const file = await this.files.findById(fileId);
    const facts = new Map(file ? [[file.id, file]] : []);
    const problems = filedFileProblems(detail.snapshot, [{ code, fileId }], facts, enterpriseOf(identity)).map((p) => ({
      ...p,
      path: 'fileId',
    }));
    if (problems.some((p) => p.rule === 'FILE_NOT_FOUND')) throw FilesErrors.notFound(fileId);
    if (problems.length > 0) throw ApplicationsErrors.materialSupplyInvalid(problems);
    await this.workflows.supplyMaterial(id, { materialCode: code, fileId, actor: actorOf(identity) });
    const after = await this.reads.findDetail(id);
    return toDeferredMaterialDtos(after!).find((d) => d.code === code)!;
  }

  async withdraw(identity: Identity, id: string, reason: string): Promise<ApplicationProgressDto> {
    const application = await this.ownApplication(identity, id);
    return toProgressDto(await this.workflows.withdraw(application.id, { reason, actor: actorOf(identity) }));
  }

  /** An application of the caller's enterprise; anything else is "not found", never "forbidden". */
  private async ownApplication(identity: Identity, id: string): Promise<ApplicationSummary> {
    const application = await this.reads.findSummary(id);
    if (!application || application.enterpriseId !== enterpriseOf(identity)) throw ApplicationsErrors.notFound(id);
    return application;
  }

  private async isVisible(identity: Identity, application: ApplicationSummary): Promise<boolean> {
    const scope = scopeOf(identity);
    switch (scope.kind) {
      case 'all':
        return true;
      case 'enterprise':
        return application.enterpriseId === scope.enterpriseId;
      case 'department':
        return this.reads.departmentHasTask(application.id, scope.departmentCode);
    }
  }
}

function scopeOf(identity: Identity): ApplicationScope {
  switch (identity.role) {
    case 'applicant':
      return { kind: 'enterprise', enterpriseId: enterpriseOf(identity) };
    case 'staff':
    case 'dept_cio':
      return { kind: 'department', departmentCode: departmentOf(identity) };
    case 'coord_cio':
    case 'admin':
      return { kind: 'all' };
  }
}

/** The enterprise reads its case without officers' names or internal supervision. */
function audienceOf(identity: Identity): CaseAudience {
  return identity.role === 'applicant' ? 'applicant' : 'government';
}

/**
 * Whose eyes read the filing: the enterprise (its own case, already checked) and those who see every
 * case read all of it; a department reads what its own steps ask for.
 */
function filedContentReaderOf(scope: ApplicationScope): FiledContentReader {
  return scope.kind === 'department'
    ? { kind: 'department', departmentCode: scope.departmentCode }
    : { kind: 'whole_case' };
}
