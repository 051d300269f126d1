import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { Config } from '../../libs/config';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { GlobalExceptionFilter } from './common/global-exception.filter';
import { createValidationPipe } from './common/validation.pipe';
import { DepartmentsModule } from './departments/departments.module';
import { HealthModule } from './health/health.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ServicesModule } from './services/services.module';
import { TasksModule } from './tasks/tasks.module';

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
        TasksModule,
        CalendarModule,
        NotificationsModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
      ],
    };
  }
}
