import { Module } from '@nestjs/common';
import { ApplicationReadRepository } from '../../../libs/persistence/repositories/application-read.repository';
import { CertificateRepository } from '../../../libs/persistence/repositories/certificate.repository';
import { repositoryProvider } from '../infrastructure/database.service';
import { CertificatePdfRenderer } from './certificate-pdf';
import { CertificateVerifyThrottleGuard } from './certificate-verify-throttle.guard';
import { CertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';

/** Certificates (电子证照): the case's list, the PDF, and the public verification. */
@Module({
  controllers: [CertificatesController],
  providers: [
    CertificatesService,
    CertificatePdfRenderer,
    CertificateVerifyThrottleGuard,
    repositoryProvider(CertificateRepository),
    repositoryProvider(ApplicationReadRepository),
  ],
})
export class CertificatesModule {}
