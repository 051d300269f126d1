import { AccountEntity } from './account.entity';
import { ApplicationEventEntity } from './application-event.entity';
import { ApplicationEntity } from './application.entity';
import { CalendarChangeEntity } from './calendar-change.entity';
import { CalendarDayEntity } from './calendar-day.entity';
import { ConfigChangeEntity } from './config-change.entity';
import { DepartmentEntity } from './department.entity';
import { EnterpriseEntity } from './enterprise.entity';
import { ApplicationFileEntity, FileEntity } from './file.entity';
import { ServiceVersionEntity } from './service-version.entity';
import { ServiceEntity } from './service.entity';
import { NotificationEntity } from './notification.entity';
import { OpinionTemplateEntity } from './opinion-template.entity';
import { TaskEntity } from './task.entity';

export * from './account.entity';
export * from './application-event.entity';
export * from './application.entity';
export * from './calendar-change.entity';
export * from './calendar-day.entity';
export * from './config-change.entity';
export * from './department.entity';
export * from './enterprise.entity';
export * from './file.entity';
export * from './service-version.entity';
export * from './service.entity';
export * from './notification.entity';
export * from './opinion-template.entity';
export * from './task.entity';

export const ENTITIES = [
  FileEntity,
  ApplicationFileEntity,
  AccountEntity,
  ApplicationEventEntity,
  ApplicationEntity,
  DepartmentEntity,
  EnterpriseEntity,
  ServiceVersionEntity,
  ServiceEntity,
  TaskEntity,
  CalendarDayEntity,
  CalendarChangeEntity,
  ConfigChangeEntity,
  NotificationEntity,
  OpinionTemplateEntity,
];
