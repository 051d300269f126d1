import { Logger, Module } from '@nestjs/common';
import { ReportRollupMirror } from '../../../libs/persistence/reports/rollup-mirror';
import { CalendarRepository } from '../../../libs/persistence/repositories/calendar.repository';
import { EventLogRepository } from '../../../libs/persistence/repositories/event-log.repository';
import { ReportRepository } from '../../../libs/persistence/repositories/report.repository';
import { StuckCaseRepository } from '../../../libs/persistence/repositories/stuck-case.repository';
import { DatabaseService, repositoryProvider } from '../infrastructure/database.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { WeeklyReportsService } from './weekly-reports.service';
import { WeeklyReportRepository } from '../../../libs/persistence/repositories/weekly-report.repository';

/** How often the in-memory copy of the report roll-ups follows the tables between reports. */
const ROLLUP_MIRROR_INTERVAL_MS = 30_000;

@Module({
  controllers: [ReportsController],
  providers: [
    ReportsService,
    WeeklyReportsService,
    repositoryProvider(WeeklyReportRepository),
    repositoryProvider(EventLogRepository),
    {
      // The gateway adds up reports from an in-memory copy of the roll-ups (a year of the province in
      // well under a second, where the SQL takes seconds), loaded at start and kept in step.
      provide: ReportRollupMirror,
      useFactory: (database: DatabaseService) => {
        const logger = new Logger('ReportRollups');
        const mirror = new ReportRollupMirror(database.dataSource, { log: (line) => logger.log(line) });
        // Once connected (shared with the database's own first attempt); if Postgres is down, the
        // first report or the next pass loads it.
        void database.ensureInitialized().then(async (connected) => {
          if (!connected) return;
          await mirror
            .current()
            .catch((error: Error) => logger.warn(`could not load the report roll-ups: ${error.message}`));
        });
        mirror.keepUp(ROLLUP_MIRROR_INTERVAL_MS);
        return mirror;
      },
      inject: [DatabaseService],
    },
    {
      provide: ReportRepository,
      useFactory: (database: DatabaseService, mirror: ReportRollupMirror) =>
        new ReportRepository(database.dataSource, { mirror }),
      inject: [DatabaseService, ReportRollupMirror],
    },
    repositoryProvider(StuckCaseRepository),
    repositoryProvider(CalendarRepository),
  ],
})
export class ReportsModule {}
