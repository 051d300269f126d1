import { Module } from '@nestjs/common';
import { CalendarRepository } from '../../../libs/persistence/repositories/calendar.repository';
import { EventLogRepository } from '../../../libs/persistence/repositories/event-log.repository';
import { ReportRepository } from '../../../libs/persistence/repositories/report.repository';
import { StuckCaseRepository } from '../../../libs/persistence/repositories/stuck-case.repository';
import { repositoryProvider } from '../infrastructure/database.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController],
  providers: [
    ReportsService,
    repositoryProvider(EventLogRepository),
    repositoryProvider(ReportRepository),
    repositoryProvider(StuckCaseRepository),
    repositoryProvider(CalendarRepository),
  ],
})
export class ReportsModule {}
