import { Module } from '@nestjs/common';
import { EventLogRepository } from '../../../libs/persistence/repositories/event-log.repository';
import { repositoryProvider } from '../infrastructure/database.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController],
  providers: [ReportsService, repositoryProvider(EventLogRepository)],
})
export class ReportsModule {}
