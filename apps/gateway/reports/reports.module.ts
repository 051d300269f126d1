import { Module } from '@nestjs/common';
import { CalendarRepository } from '../../../libs/persistence/repositories/calendar.repository';
import { EventLogRepository } from '../../../libs/persistence/repositories/event-log.repository';
import { ReportRepository } from '../../../libs/persistence/repositories/report.repository';
import { StuckCaseRepository } from '../../../libs/persistence/repositories/stuck-case.repository';
import { repositoryProvider } from '../infrastructure/database.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { WeeklyReportsService } from './weekly-reports.service';
import { WeeklyReportRepository } from '../../../libs/persistence/repositories/weekly-report.repository';

@Module({
  controllers: [ReportsController],
  providers: [
    ReportsService,
    WeeklyReportsService,
    repositoryProvider(WeeklyReportRepository),
    repositoryProvider(EventLogRepository),
    repositoryProvider(ReportRepository),
    repositoryProvider(StuckCaseRepository),
    repositoryProvider(CalendarRepository),
  ],
})
export class ReportsModule {}
