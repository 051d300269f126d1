import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../../../libs/config';
import { certificateIsValid, isVerifyCode } from '../../../libs/domain';
import {
  ApplicationReadRepository,
  type ApplicationSummary,
} from '../../../libs/persistence/repositories/application-read.repository';
import {
  CertificateRepository,
  type CertificateRecord,
} from '../../../libs/persistence/repositories/certificate.repository';
import { ApplicationsErrors } from '../applications/applications.errors';
import { departmentOf, enterpriseOf } from '../auth/auth.scope';
import type { Identity } from '../auth/auth.types';
import { GATEWAY_CONFIG } from '../infrastructure/config.provider';
import { CertificatePdfRenderer, verifyUrl } from './certificate-pdf';
import type { CertificateDto, CertificateVerificationDto } from './certificates.dto';
import { CertificatesErrors } from './certificates.errors';

@Injectable()
export class CertificatesService {
  constructor(
    private readonly certificates: CertificateRepository,
    private readonly reads: ApplicationReadRepository,
    private readonly pdf: CertificatePdfRenderer,
    @Inject(GATEWAY_CONFIG) private readonly config: Config,
  ) {}

  /** The certificates of a case, to whoever may see the case (anyone else: the case is not found). */
  async forApplication(identity: Identity, applicationId: string): Promise<CertificateDto[]> {
    const application = await this.reads.findSummary(applicationId);
    if (!application || !(await this.isVisible(identity, application)))
      throw ApplicationsErrors.notFound(applicationId);
    return (await this.certificates.forApplication(application.id)).map((c) => this.toDto(c));
  }

  /** The PDF of one certificate, scoped like its case; outside the scope it is not found. */
  async pdfOf(identity: Identity, number: string): Promise<{ certificate: CertificateRecord; pdf: Buffer }> {
    const certificate = await this.certificates.findByNumber(number);
    const application = certificate && (await this.reads.findSummary(certificate.applicationId));
    if (!certificate || !application || !(await this.isVisible(identity, application))) {
      throw CertificatesErrors.notFound(number);
    }
    return { certificate, pdf: await this.pdf.render(certificate) };
  }

  /** Public: what the code's certificate says about itself. A malformed code is unknown without a lookup. */
  async verify(verifyCode: string, now = new Date()): Promise<CertificateVerificationDto> {
    const certificate = isVerifyCode(verifyCode) ? await this.certificates.findByVerifyCode(verifyCode) : null;
    if (!certificate) throw CertificatesErrors.unknown();
    const { valid, expired } = certificateIsValid(certificate, now);
    return {
      valid,
      number: certificate.number,
      holder: certificate.holder,
      departmentName: certificate.departmentName,
      serviceName: certificate.serviceName,
      issuedAt: certificate.issuedAt,
      validUntil: certificate.validUntil,
      status: certificate.status,
      expired,
      revokedAt: certificate.revokedAt,
    };
  }

  /** As the application: its enterprise, the departments that had a step on it, coord_cio and admin. */
  private async isVisible(identity: Identity, application: ApplicationSummary): Promise<boolean> {
    switch (identity.role) {
      case 'applicant':
        return application.enterpriseId === enterpriseOf(identity);
      case 'staff':
      case 'dept_cio':
        return this.reads.departmentHasTask(application.id, departmentOf(identity));
      case 'coord_cio':
      case 'admin':
        return true;
    }
  }

  private toDto(certificate: CertificateRecord): CertificateDto {
    return {
      number: certificate.number,
      stepKey: certificate.stepKey,
      departmentCode: certificate.departmentCode,
      departmentName: certificate.departmentName,
      holder: certificate.holder,
      issuedAt: certificate.issuedAt,
      validUntil: certificate.validUntil,
      verifyCode: certificate.verifyCode,
      verifyUrl: verifyUrl(this.config.certificates.publicBaseUrl, certificate.verifyCode),
      status: certificate.status,
      revokedAt: certificate.revokedAt,
      revokeReason: certificate.revokeReason,
    };
  }
}
