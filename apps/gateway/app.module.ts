import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Config } from '../../libs/config';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CertificatesModule } from './certificates/certificates.module';
import { GlobalExceptionFilter } from './common/global-exception.filter';
import { createValidationPipe } from './common/validation.pipe';
import { DepartmentsModule } from './departments/departments.module';
import { FilesModule } from './files/files.module';
import { HealthModule } from './health/health.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OpinionTemplatesModule } from './opinion-templates/opinion-templates.module';
import { RatingsModule } from './ratings/ratings.module';
import { ReportsModule } from './reports/reports.module';
import { ServicesModule } from './services/services.module';
import { TasksModule } from './tasks/tasks.module';

/** dist/web, beside dist/apps/gateway where this file is compiled to. */
export const WEB_ROOT = join(__dirname, '..', '..', 'web');

/**
 * The gateway. Pipe, filter and guards are registered as providers (not on the app object) so a
 * test that compiles this module gets the same validation, errors and authentication.
 */
@Module({})
export class AppModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config),
        AuthModule,
        HealthModule,
        DepartmentsModule,
        ServicesModule,
        ApplicationsModule,
        FilesModule,
        TasksModule,
        CalendarModule,
        NotificationsModule,
        OpinionTemplatesModule,
        ReportsModule,
        RatingsModule,
        CertificatesModule,
        // The web application (built by `npm run build` into dist/web), at `/` with a fallback to
        // index.html for its client-side routes; never for /api, whose unknown paths stay JSON 404s.
        ServeStaticModule.forRoot({
          rootPath: WEB_ROOT,
          exclude: ['/api/{*rest}'],
          serveStaticOptions: { index: ['index.html'], fallthrough: true, maxAge: '1h' },
        }),
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
      ],
    };
  }
}
