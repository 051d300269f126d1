import { Module } from '@nestjs/common';
import { OpinionTemplateRepository } from '../../../libs/persistence/repositories/opinion-template.repository';
import { repositoryProvider } from '../infrastructure/database.service';
import { OpinionTemplatesController } from './opinion-templates.controller';
import { OpinionTemplatesService } from './opinion-templates.service';

@Module({
  controllers: [OpinionTemplatesController],
  providers: [OpinionTemplatesService, repositoryProvider(OpinionTemplateRepository)],
})
export class OpinionTemplatesModule {}
