import { Injectable } from '@nestjs/common';
import { isRateable } from '../../../libs/domain';
import {
  ApplicationReadRepository,
  type ApplicationSummary,
} from '../../../libs/persistence/repositories/application-read.repository';
import { RatingRepository, type RatingRecord } from '../../../libs/persistence/repositories/rating.repository';
import { ApplicationsErrors } from '../applications/applications.errors';
import { departmentOf, enterpriseOf } from '../auth/auth.scope';
import type { Identity } from '../auth/auth.types';
import { decodeCursor, encodeCursor } from '../common/cursor.codec';
import { DEFAULT_PAGE_SIZE } from '../common/pagination.dto';
import type { ApplicationRatingsDto, RateDepartmentDto, RatingDto, RatingPageDto, RatingQueryDto } from './ratings.dto';
import { RatingsErrors } from './ratings.errors';

@Injectable()
export class RatingsService {
  constructor(
    private readonly ratings: RatingRepository,
    private readonly reads: ApplicationReadRepository,
  ) {}

  /**
   * The applicant enterprise rates one department of its ended case. The checks read state that an
   * ended case no longer changes (status, the departments that had tasks), so checking before the
   * insert is safe; "once" is the unique constraint's to decide.
   */
  async rate(identity: Identity, applicationId: string, request: RateDepartmentDto): Promise<RatingDto> {
    const application = await this.ownApplication(identity, applicationId);
    if (!isRateable(application.status)) throw RatingsErrors.caseNotEnded(application.id, application.status);
    const departments = await this.ratings.departmentsOnCase(application.id);
    if (!departments.includes(request.departmentCode))
      throw RatingsErrors.departmentNotOnCase(request.departmentCode, departments);
    const comment = request.comment?.trim() || null;
    const rating = await this.ratings.rate({
      applicationId: application.id,
      departmentCode: request.departmentCode,
      enterpriseId: application.enterpriseId,
      score: request.score,
      comment,
      ratedBy: identity.userId,
    });
    if (rating === 'exists') throw RatingsErrors.exists(application.id, request.departmentCode);
    return toDto(rating);
  }

  /**
   * The case's ratings, scoped like the application: its enterprise and the coordinating CIO see
   * them all; a department that had a step sees its own; anyone else gets "not found".
   */
  async forApplication(identity: Identity, applicationId: string): Promise<ApplicationRatingsDto> {
    const application = await this.reads.findSummary(applicationId);
    if (!application) throw ApplicationsErrors.notFound(applicationId);
    let departmentFilter: string | null = null;
    switch (identity.role) {
      case 'applicant':
        if (application.enterpriseId !== enterpriseOf(identity)) throw ApplicationsErrors.notFound(applicationId);
        break;
      case 'staff':
      case 'dept_cio':
        departmentFilter = departmentOf(identity);
        if (!(await this.reads.departmentHasTask(application.id, departmentFilter)))
          throw ApplicationsErrors.notFound(applicationId);
        break;
      case 'coord_cio':
      case 'admin':
        break;
    }
    const [ratings, departments] = await Promise.all([
      this.ratings.forApplication(application.id),
      this.ratings.departmentsOnCase(application.id),
    ]);
    const visible = ratings.filter((r) => departmentFilter === null || r.departmentCode === departmentFilter);
    const rated = new Set(ratings.map((r) => r.departmentCode));
    const rateable = isRateable(application.status);
    return {
      rateable,
      unrated: rateable
        ? departments.filter((code) => !rated.has(code) && (departmentFilter === null || code === departmentFilter))
        : [],
      ratings: visible.map(toDto),
    };
  }

  /** The coordinating CIO reads every department's ratings; a department CIO its own only. */
  async list(identity: Identity, query: RatingQueryDto): Promise<RatingPageDto> {
    let departmentCode = query.departmentCode;
    if (identity.role === 'dept_cio') {
      const own = departmentOf(identity);
      if (departmentCode !== undefined && departmentCode !== own) throw RatingsErrors.outOfScope(departmentCode);
      departmentCode = own;
    }
    const after = decodeCursor(query.cursor);
    const page = await this.ratings.list({
      ...(departmentCode !== undefined ? { departmentCode } : {}),
      awaitingAnswer: query.awaitingAnswer ?? false,
      ...(after ? { after } : {}),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { items: page.items.map(toDto), nextCursor: encodeCursor(page.next) };
  }

  /** The department's CIO answers a low rating, once; the enterprise is told. */
  async answer(identity: Identity, id: string, answer: string): Promise<RatingDto> {
    const rating = await this.ratings.findById(id);
    if (!rating) throw RatingsErrors.notFound(id);
    if (rating.departmentCode !== departmentOf(identity)) throw RatingsErrors.outOfScope(rating.departmentCode);
    if (!rating.followUp) throw RatingsErrors.noFollowUp(id);
    const answered = await this.ratings.answer(id, answer.trim(), identity.userId);
    if (answered === 'answered') throw RatingsErrors.alreadyAnswered(id);
    if (!answered) throw RatingsErrors.notFound(id);
    return toDto(answered);
  }

  /** An application of the caller's enterprise; anything else is "not found", never "forbidden". */
  private async ownApplication(identity: Identity, id: string): Promise<ApplicationSummary> {
    const application = await this.reads.findSummary(id);
    if (!application || application.enterpriseId !== enterpriseOf(identity)) throw ApplicationsErrors.notFound(id);
    return application;
  }
}

function toDto(rating: RatingRecord): RatingDto {
  return {
    id: rating.id,
    applicationId: rating.applicationId,
    applicationNumber: rating.applicationNumber,
    departmentCode: rating.departmentCode,
    enterpriseName: rating.enterpriseName,
    score: rating.score,
    comment: rating.comment,
    createdAt: rating.createdAt,
    followUp: rating.followUp,
    answer: rating.answer,
    answeredAt: rating.answeredAt,
  };
}
