import { Module } from '@nestjs/common';
import { ApplicationFilingRepository } from '../../../libs/persistence/repositories/application-filing.repository';
import { ApplicationReadRepository } from '../../../libs/persistence/repositories/application-read.repository';
import { FileRepository } from '../../../libs/persistence/repositories/file.repository';
import { NoticeRepository } from '../../../libs/persistence/repositories/notice.repository';
import { repositoryProvider } from '../infrastructure/database.service';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { ApplicationWorkflows } from './applications.workflows';

@Module({
  controllers: [ApplicationsController],
  providers: [
    ApplicationsService,
    ApplicationWorkflows,
    repositoryProvider(ApplicationFilingRepository),
    repositoryProvider(ApplicationReadRepository),
    repositoryProvider(FileRepository),
    repositoryProvider(NoticeRepository),
  ],
  // Tasks deliver decisions through the same workflow client, and show a step's notices.
  exports: [ApplicationWorkflows, NoticeRepository],
})
export class ApplicationsModule {}
